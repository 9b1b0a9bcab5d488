import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { TokenUse } from '../keys/signing-keys.store';
import type { LocalCognitoUrls } from '../local-cognito.urls';
import type { AppClient } from '../pools/app-client';
import type { UserPools } from '../pools/user-pools';
import { epochSeconds, type Clock } from '../support/clock';
import type { LocalCognitoUser } from '../users/user.store';

/** Everything a user's tokens carry besides the user: one sign-in, possibly refreshed since. */
export interface UserTokenRequest {
  client: AppClient;
  user: LocalCognitoUser;
  scopes: string[];
  authTime: number;
  eventId: string;
  originJti: string;
  /** Only on the code exchange: Cognito does not repeat the nonce in refreshed ID tokens. */
  nonce?: string;
  /**
   * `oauth`: the token endpoint (an ID token only with openid, with at_hash). `api`: InitiateAuth
   * and RespondToAuthChallenge, which always answer an ID token and never an at_hash.
   */
  issuedBy?: 'oauth' | 'api';
}

export interface MintedTokens {
  accessToken: string;
  /** Only when openid was granted. */
  idToken: string | undefined;
  expiresIn: number;
}

/** OIDC at_hash: base64url of the left half of SHA-256 over the access token. */
function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

/** The user's attributes an ID token carries: only those with a value. */
function profileClaims(user: LocalCognitoUser): Record<string, string | boolean> {
  return {
    ...(user.email !== '' ? { email: user.email, email_verified: user.emailVerified } : {}),
    ...(user.nickname !== '' ? { nickname: user.nickname } : {}),
    ...user.attributes,
  };
}

/**
 * Signs tokens the way Cognito does (docs/COGNITO.md §7): RS256, a header of kid and alg only, a
 * different key for ID and access tokens, and Cognito's claims. Each pool signs with its own keys
 * under its own issuer; each client's token lifetimes apply.
 */
export class TokenMinter {
  constructor(
    private readonly pools: UserPools,
    private readonly urls: LocalCognitoUrls,
    private readonly clock: Clock,
  ) {}

  async mintForUser(request: UserTokenRequest): Promise<MintedTokens> {
    const { user, client } = request;
    const iat = epochSeconds(this.clock);
    const shared = {
      sub: user.sub,
      ...(user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
      iss: this.urls.issuerFor(client.poolId),
      origin_jti: request.originJti,
      event_id: request.eventId,
      auth_time: request.authTime,
      iat,
    };
    const accessToken = await this.sign(client.poolId, 'access', {
      ...shared,
      exp: iat + client.accessTokenSeconds,
      version: 2,
      client_id: client.clientId,
      token_use: 'access',
      scope: request.scopes.join(' '),
      jti: randomUUID(),
      username: user.username,
    });
    const fromApi = request.issuedBy === 'api';
    const idToken =
      fromApi || request.scopes.includes('openid')
        ? await this.sign(client.poolId, 'id', {
            ...(fromApi ? {} : { at_hash: accessTokenHash(accessToken) }),
            ...shared,
            exp: iat + client.idTokenSeconds,
            ...profileClaims(user),
            'cognito:username': user.username,
            ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
            aud: client.clientId,
            token_use: 'id',
            jti: randomUUID(),
          })
        : undefined;
    return { accessToken, idToken, expiresIn: client.accessTokenSeconds };
  }

  /** client_credentials: an access token for the client itself, with no user claims. */
  async mintForClient(client: AppClient, scopes: string[]): Promise<MintedTokens> {
    const iat = epochSeconds(this.clock);
    const accessToken = await this.sign(client.poolId, 'access', {
      sub: client.clientId,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: iat,
      iss: this.urls.issuerFor(client.poolId),
      exp: iat + client.accessTokenSeconds,
      iat,
      version: 2,
      jti: randomUUID(),
      client_id: client.clientId,
    });
    return { accessToken, idToken: undefined, expiresIn: client.accessTokenSeconds };
  }

  private sign(poolId: string, tokenUse: TokenUse, payload: JWTPayload): Promise<string> {
    const pool = this.pools.find(poolId);
    if (!pool) throw new Error(`No user pool ${poolId}`);
    const { kid, privateKey } = pool.keys.signingKey(tokenUse);
    // No typ: Cognito's header is exactly {"kid","alg"}.
    return new SignJWT(payload).setProtectedHeader({ kid, alg: 'RS256' }).sign(privateKey);
  }
}
