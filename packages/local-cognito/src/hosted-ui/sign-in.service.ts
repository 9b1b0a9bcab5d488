import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../local-cognito.constants';
import { AuthorizationCodeStore } from '../oauth/authorization-code.store';
import type { AuthorizeRequest } from '../oauth/authorize-request';
import { withQuery } from '../oauth/request-params';
import { epochSeconds, type Clock } from '../support/clock';
import type { LocalCognitoUser } from '../users/user.store';
import { redirectTo, type RedirectOutcome } from './hosted-outcome';
import {
  SIGN_IN_SESSION_TTL_MS,
  SignInSessionStore,
  type SignInSession,
} from './sign-in-session.store';

/** The end of every successful sign-in: a code for the app, sent to its registered redirect_uri. */
@Injectable()
export class SignInService {
  constructor(
    private readonly sessions: SignInSessionStore,
    private readonly codes: AuthorizationCodeStore,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {}

  /** After the form: a new session (replacing any other, as prompt=login wants) and a code. */
  signIn(request: AuthorizeRequest, user: LocalCognitoUser): RedirectOutcome {
    const { id, session } = this.sessions.start(
      request.client.poolId,
      user.sub,
      epochSeconds(this.clock),
    );
    // The cookie lives exactly as long as the new session; a second clock read here would trim it
    // by the milliseconds in between, and cookies count whole seconds (Max-Age=3599).
    const maxAgeMs = SIGN_IN_SESSION_TTL_MS;
    return redirectTo(this.codeRedirect(request, session), { start: { id, maxAgeMs } });
  }

  /** While the session cookie is valid: a fresh code without the form, keeping the original auth_time. */
  silentSignIn(request: AuthorizeRequest, session: SignInSession): RedirectOutcome {
    return redirectTo(this.codeRedirect(request, session));
  }

  private codeRedirect(request: AuthorizeRequest, session: SignInSession): string {
    const code = this.codes.issue({
      clientId: request.client.clientId,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      sub: session.sub,
      authTime: session.authTime,
      eventId: randomUUID(),
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
    });
    return withQuery(request.redirectUri, { code, state: request.state });
  }
}
