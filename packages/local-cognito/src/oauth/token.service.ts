import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../local-cognito.constants';
import { UserPools } from '../pools/user-pools';
import type { Clock } from '../support/clock';
import type { LocalCognitoUser } from '../users/user.store';
import { AuthorizationCodeStore, type CodeGrant } from './authorization-code.store';
import { presentedClient } from './client-credentials';
import { ClientRegistry, type AppClient } from './client-registry';
import { OAuthError } from './oauth-error';
import { pkceSatisfied } from './pkce';
import { RefreshTokenStore } from './refresh-token.store';
import { readParam, type RequestParams } from './request-params';
import { grantedScopes } from './scopes';
import { TokenMinter, type MintedTokens } from './token-minter';

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

function asResponse(tokens: MintedTokens, refreshToken?: string): TokenResponse {
  return {
    ...(tokens.idToken !== undefined ? { id_token: tokens.idToken } : {}),
    access_token: tokens.accessToken,
    ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
    expires_in: tokens.expiresIn,
    token_type: 'Bearer',
  };
}

function required(params: RequestParams, name: string): string {
  const value = readParam(params, name);
  if (value === undefined) throw new OAuthError('invalid_request');
  return value;
}

/** POST /oauth2/token: Cognito's three grants and their refusals (docs/COGNITO.md §3). */
@Injectable()
export class TokenService {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly codes: AuthorizationCodeStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly pools: UserPools,
    private readonly minter: TokenMinter,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {}

  async grant(
    params: RequestParams | undefined,
    authorization: string | undefined,
  ): Promise<TokenResponse> {
    if (params === undefined) throw new OAuthError('invalid_request');
    const grantType = required(params, 'grant_type');
    const client = this.clients.authenticate(presentedClient(authorization, params, 400), 400);
    switch (grantType) {
      case 'authorization_code':
        return this.exchangeCode(client, params);
      case 'refresh_token':
        return this.refresh(client, params);
      case 'client_credentials':
        return this.clientCredentials(client, params);
      default:
        throw new OAuthError('unsupported_grant_type');
    }
  }

  private async exchangeCode(client: AppClient, params: RequestParams): Promise<TokenResponse> {
    const code = required(params, 'code');
    const redirectUri = required(params, 'redirect_uri');
    const codeVerifier = readParam(params, 'code_verifier');
    const grant = await this.redeem(code);
    if (grant.clientId !== client.clientId) throw new OAuthError('invalid_grant');
    // Cognito answers a redirect_uri differing from the authorized one with unauthorized_client.
    if (redirectUri !== grant.redirectUri) throw new OAuthError('unauthorized_client');
    if (!pkceSatisfied(grant.codeChallenge, codeVerifier)) throw new OAuthError('invalid_grant');
    const user = this.activeUser(client, grant.sub);
    const originJti = randomUUID();
    const refreshToken = await this.refreshTokens.issue({
      clientId: client.clientId,
      sub: user.sub,
      scopes: grant.scopes,
      authTime: grant.authTime,
      eventId: grant.eventId,
      originJti,
      expiresAt: this.clock.now() + client.refreshTokenSeconds * 1000,
    });
    this.codes.recordTokens(code, originJti);
    const tokens = await this.minter.mintForUser({
      ...grant,
      user,
      originJti,
      client,
    });
    return asResponse(tokens, refreshToken);
  }

  /** Single use: a replayed code also revokes whatever it produced the first time. */
  private async redeem(code: string): Promise<CodeGrant> {
    const redemption = this.codes.redeem(code);
    if (redemption.status === 'valid') return redemption.grant;
    if (redemption.status === 'replayed' && redemption.originJti !== undefined) {
      await this.refreshTokens.revokeFamily(redemption.originJti);
    }
    throw new OAuthError('invalid_grant');
  }

  /** No new refresh token (rotation is off, as by default in Cognito) and the original auth_time. */
  private async refresh(client: AppClient, params: RequestParams): Promise<TokenResponse> {
    const grant = this.refreshTokens.findActive(required(params, 'refresh_token'));
    if (!grant || grant.clientId !== client.clientId) throw new OAuthError('invalid_grant');
    const user = this.activeUser(client, grant.sub);
    return asResponse(await this.minter.mintForUser({ ...grant, user, client }));
  }

  /** The user behind a grant, if they still exist in the client's pool and are not disabled. */
  private activeUser(client: AppClient, sub: string): LocalCognitoUser {
    const user = this.pools.find(client.poolId)?.users.findBySub(sub);
    if (!user || !user.enabled) throw new OAuthError('invalid_grant');
    return user;
  }

  private async clientCredentials(
    client: AppClient,
    params: RequestParams,
  ): Promise<TokenResponse> {
    if (!client.flows.includes('client_credentials')) throw new OAuthError('unauthorized_client');
    const scopes = grantedScopes(readParam(params, 'scope'), client.allowedScopes);
    if (scopes === undefined || scopes.length === 0) throw new OAuthError('invalid_scope');
    return asResponse(await this.minter.mintForClient(client, scopes));
  }
}
