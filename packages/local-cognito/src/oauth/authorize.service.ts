import { Injectable } from '@nestjs/common';
import { redirectTo, type HostedOutcome } from '../hosted-ui/hosted-outcome';
import { SignInService } from '../hosted-ui/sign-in.service';
import { SignInSessionStore } from '../hosted-ui/sign-in-session.store';
import { UserPools } from '../pools/user-pools';
import { checkAuthorizeRequest } from './authorize-request';
import { ClientRegistry } from './client-registry';
import { withQuery, type RequestParams } from './request-params';

/**
 * GET /oauth2/authorize (docs/COGNITO.md §2): with a valid hosted-UI session, straight back to the app
 * with a code; otherwise on to the sign-in page with the same query string.
 */
@Injectable()
export class AuthorizeService {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly sessions: SignInSessionStore,
    private readonly pools: UserPools,
    private readonly signInService: SignInService,
  ) {}

  authorize(params: RequestParams, rawQuery: string, sessionId: string | undefined): HostedOutcome {
    const check = checkAuthorizeRequest(params, rawQuery, this.clients);
    if (!check.valid) return redirectTo(check.location);
    const { request } = check;
    const toSignInPage = redirectTo(`/login?${rawQuery}`);
    if (request.prompt.includes('login')) return toSignInPage;
    const session = this.sessions.find(sessionId);
    const user =
      session?.poolId === request.client.poolId
        ? this.pools.find(session.poolId)?.users.findBySub(session.sub)
        : undefined;
    if (session && user?.enabled) return this.signInService.silentSignIn(request, session);
    if (request.prompt.includes('none')) {
      return redirectTo(
        withQuery(request.redirectUri, { error: 'login_required', state: request.state }),
      );
    }
    return toSignInPage;
  }
}
