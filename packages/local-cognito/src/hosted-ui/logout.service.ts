import { Injectable } from '@nestjs/common';
import { checkAuthorizeRequest, errorPageLocation } from '../oauth/authorize-request';
import { ClientRegistry, type AppClient } from '../oauth/client-registry';
import type { RequestParams } from '../oauth/request-params';
import { redirectTo, type HostedOutcome } from './hosted-outcome';
import { SignInSessionStore } from './sign-in-session.store';

function textParam(params: RequestParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * GET /logout (docs/COGNITO.md §4): ends the hosted-UI session and nothing else (no token is revoked).
 * Either `logout_uri` (exactly a registered sign-out URL; it wins when both are given), or
 * `redirect_uri` + `response_type` to go straight back to the sign-in page.
 */
@Injectable()
export class LogoutService {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly sessions: SignInSessionStore,
  ) {}

  logout(params: RequestParams, sessionId: string | undefined): HostedOutcome {
    const clientId = textParam(params, 'client_id');
    const client = this.clients.find(clientId);
    if (!client)
      return redirectTo(
        errorPageLocation(clientId ? 'invalid_client' : 'invalid_request', clientId),
      );
    const logoutUri = textParam(params, 'logout_uri');
    if (logoutUri !== undefined) return this.signOutTo(client, logoutUri, sessionId);
    if (textParam(params, 'redirect_uri') !== undefined)
      return this.signOutAndSignIn(client, params, sessionId);
    return redirectTo(errorPageLocation('invalid_request', client.clientId));
  }

  private signOutTo(
    client: AppClient,
    logoutUri: string,
    sessionId: string | undefined,
  ): HostedOutcome {
    // Cognito also accepts a registered callback URL here (e.g. another client's sign-in page).
    const registered =
      client.logoutUrls.includes(logoutUri) || client.callbackUrls.includes(logoutUri);
    if (!registered) return redirectTo(errorPageLocation('redirect_mismatch', client.clientId));
    this.sessions.end(sessionId);
    return redirectTo(logoutUri, 'end');
  }

  private signOutAndSignIn(
    client: AppClient,
    params: RequestParams,
    sessionId: string | undefined,
  ): HostedOutcome {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params))
      if (typeof value === 'string') query.append(name, value);
    // Omitting scope asks for every scope the client may have.
    if (!query.get('scope')) query.set('scope', client.allowedScopes.join(' '));
    const rawQuery = query.toString();
    const check = checkAuthorizeRequest(Object.fromEntries(query), rawQuery, this.clients);
    if (!check.valid) return redirectTo(check.location);
    this.sessions.end(sessionId);
    return redirectTo(`/login?${rawQuery}`, 'end');
  }
}
