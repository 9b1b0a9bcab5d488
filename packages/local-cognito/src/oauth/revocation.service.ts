import { Injectable } from '@nestjs/common';
import { presentedClient } from './client-credentials';
import { ClientRegistry } from './client-registry';
import { IssuedTokenVerifier } from './issued-token.verifier';
import { OAuthError } from './oauth-error';
import { RefreshTokenStore } from './refresh-token.store';
import { readParam, type RequestParams } from './request-params';

/** Cognito answers bad client credentials at /oauth2/revoke with 401, not 400 (docs/COGNITO.md §5). */
const REVOKE_CLIENT_FAILURE_STATUS = 401;

/** POST /oauth2/revoke (docs/COGNITO.md §5). */
@Injectable()
export class RevocationService {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly verifier: IssuedTokenVerifier,
  ) {}

  /**
   * Revokes a refresh token and every token sharing its origin_jti. Unknown and already revoked
   * tokens succeed quietly, so the answer tells a caller nothing about which tokens exist.
   */
  async revoke(
    params: RequestParams | undefined,
    authorization: string | undefined,
  ): Promise<void> {
    if (params === undefined) throw new OAuthError('invalid_request');
    const client = this.clients.authenticate(
      presentedClient(authorization, params, REVOKE_CLIENT_FAILURE_STATUS),
      REVOKE_CLIENT_FAILURE_STATUS,
    );
    const token = readParam(params, 'token');
    if (token === undefined) throw new OAuthError('invalid_request');
    const grant = this.refreshTokens.find(token);
    if (!grant) {
      if (await this.verifier.isOwnJwt(token)) throw new OAuthError('unsupported_token_type');
      return;
    }
    if (grant.clientId !== client.clientId) throw new OAuthError('unauthorized_client');
    await this.refreshTokens.revokeFamily(grant.originJti);
  }
}
