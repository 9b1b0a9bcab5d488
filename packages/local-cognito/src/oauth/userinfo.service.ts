import { Injectable } from '@nestjs/common';
import { IssuedTokenVerifier } from './issued-token.verifier';
import { RefreshTokenStore } from './refresh-token.store';

/** Cognito's userInfo answer: `*_verified` values are strings, unlike the ID token's booleans. */
export interface UserInfo {
  sub: string;
  /** Only for a user with an address (users made through the API may have none). */
  email_verified?: 'true' | 'false';
  email?: string;
  nickname?: string;
  username: string;
}

/** A refusal carried in `WWW-Authenticate: Bearer error="…"` (RFC 6750 §3). */
export class BearerTokenError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_token',
  ) {
    super(error);
  }
}

/** GET /oauth2/userInfo (docs/COGNITO.md §6). */
@Injectable()
export class UserInfoService {
  constructor(
    private readonly verifier: IssuedTokenVerifier,
    private readonly refreshTokens: RefreshTokenStore,
  ) {}

  async userInfo(authorization: string | undefined): Promise<UserInfo> {
    const token = this.bearerToken(authorization);
    const verified = await this.verifier.verifyWithPool(token, 'access');
    const invalid = new BearerTokenError(401, 'invalid_token');
    if (!verified) throw invalid;
    const { payload, pool } = verified;
    const sub = payload.sub;
    if (typeof sub !== 'string') throw invalid;
    // Only tokens from the token endpoint with openid (not client_credentials ones) may read a profile.
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes('openid')) throw invalid;
    // Revoking a refresh token revokes every token minted from it (same origin_jti).
    if (
      typeof payload.origin_jti !== 'string' ||
      this.refreshTokens.isFamilyRevoked(payload.origin_jti)
    ) {
      throw invalid;
    }
    const user = pool.users.findBySub(sub);
    if (!user || !user.enabled) throw invalid;
    return {
      sub: user.sub,
      ...(user.email !== ''
        ? { email_verified: user.emailVerified ? 'true' : 'false', email: user.email }
        : {}),
      ...(user.nickname !== '' ? { nickname: user.nickname } : {}),
      username: user.username,
    };
  }

  private bearerToken(authorization: string | undefined): string {
    if (authorization === undefined) throw new BearerTokenError(401, 'invalid_token');
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) throw new BearerTokenError(400, 'invalid_request');
    return match[1];
  }
}
