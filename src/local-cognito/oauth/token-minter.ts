import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { SigningKeys, TokenUse } from '../keys/signing-keys.store';
import type { LocalCognitoUrls } from '../local-cognito.urls';
import { epochSeconds, type Clock } from '../support/clock';
import type { LocalCognitoUser } from '../users/user.store';

/** Everything a user's tokens carry besides the user: one sign-in, possibly refreshed since. */
export interface UserTokenRequest {
  clientId: string;
  user: LocalCognitoUser;
  scopes: string[];
  authTime: number;
  eventId: string;
  originJti: string;
  /** Only on the code exchange: Cognito does not repeat the nonce in refreshed ID tokens. */
  nonce?: string;
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

/**
 * Signs tokens the way Cognito does (docs/COGNITO.md §7): RS256, a header of kid and alg only, a
 * different key for ID and access tokens, and Cognito's claims.
 */
export class TokenMinter {
  constructor(
    private readonly keys: SigningKeys,
    private readonly urls: LocalCognitoUrls,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  async mintForUser(request: UserTokenRequest): Promise<MintedTokens> {
    const { user } = request;
    const iat = epochSeconds(this.clock);
    const shared = {
      sub: user.sub,
      ...(user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
      iss: this.urls.issuer,
      origin_jti: request.originJti,
      event_id: request.eventId,
      auth_time: request.authTime,
      iat,
      exp: iat + this.ttlSeconds,
    };
    const accessToken = await this.sign('access', {
      ...shared,
      version: 2,
      client_id: request.clientId,
      token_use: 'access',
      scope: request.scopes.join(' '),
      jti: randomUUID(),
      username: user.username,
    });
    const idToken = request.scopes.includes('openid')
      ? await this.sign('id', {
          at_hash: accessTokenHash(accessToken),
          ...shared,
          email_verified: user.emailVerified,
          'cognito:username': user.username,
          ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
          aud: request.clientId,
          token_use: 'id',
          nickname: user.nickname,
          jti: randomUUID(),
          email: user.email,
        })
      : undefined;
    return { accessToken, idToken, expiresIn: this.ttlSeconds };
  }

  /** client_credentials: an access token for the client itself, with no user claims. */
  async mintForClient(clientId: string, scopes: string[]): Promise<MintedTokens> {
    const iat = epochSeconds(this.clock);
    const accessToken = await this.sign('access', {
      sub: clientId,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: iat,
      iss: this.urls.issuer,
      exp: iat + this.ttlSeconds,
      iat,
      version: 2,
      jti: randomUUID(),
      client_id: clientId,
    });
    return { accessToken, idToken: undefined, expiresIn: this.ttlSeconds };
  }

  private sign(tokenUse: TokenUse, payload: JWTPayload): Promise<string> {
    const { kid, privateKey } = this.keys.signingKey(tokenUse);
    // No typ: Cognito's header is exactly {"kid","alg"}.
    return new SignJWT(payload).setProtectedHeader({ kid, alg: 'RS256' }).sign(privateKey);
  }
}
