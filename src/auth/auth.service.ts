import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { CognitoConfig, HttpConfig } from '../config/config-slices';
import { AuthenticatedUser } from './authenticated-user';
import { SignInRevocations } from './revocation/sign-in-revocations';
import { SessionTokens } from './session/session-data';
import { SIGNED_OUT_LANDING_PATH } from './session/signed-out-notice';
import { CognitoTokenClient, CognitoTokenError, TokenSet } from './tokens/cognito-token.client';
import { RefreshTokenCipher } from './tokens/refresh-token.cipher';
import { IdTokenClaims } from './tokens/token-claims';
import { TokenVerifier } from './tokens/token-verifier.service';

/** The outcome of a completed sign-in or refresh: who, and what the session keeps. */
export interface SignedIn {
  user: AuthenticatedUser;
  tokens: SessionTokens;
}

/** Refresh is impossible (revoked, expired): the person must sign in again. */
export class RefreshRejectedError extends Error {}

/** The rules of signing in, refreshing and signing out. Knows nothing of HTTP or sessions. */
@Injectable()
export class AuthService {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly tokenClient: CognitoTokenClient,
    private readonly cipher: RefreshTokenCipher,
    private readonly http: HttpConfig,
    private readonly cognito: CognitoConfig,
    private readonly revocations: SignInRevocations,
    private readonly clock: Clock,
  ) {}

  get callbackUrl(): string {
    return `${this.http.baseUrl}/callback`;
  }

  /**
   * The callback's authorization code, exchanged at Cognito's token endpoint with this sign-in's
   * PKCE verifier; then both tokens are verified as `completeSignIn` says.
   */
  async signInWithCode(
    code: string,
    transaction: { codeVerifier: string; nonce: string },
    now = this.clock.now(),
  ): Promise<SignedIn> {
    const tokens = await this.tokenClient.exchangeCode(
      code,
      this.callbackUrl,
      transaction.codeVerifier,
    );
    return this.completeSignIn(tokens, transaction.nonce, now);
  }

  /** Verifies both tokens of a code exchange; the ID token must carry this sign-in's nonce. */
  async completeSignIn(tokens: TokenSet, nonce: string, now = this.clock.now()): Promise<SignedIn> {
    if (!tokens.refreshToken) throw new Error('Cognito returned no refresh token');
    const claims = await this.verifier.verifyIdToken(tokens.idToken, {
      nonce,
      accessToken: tokens.accessToken,
    });
    const access = await this.verifier.verifyAccessToken(tokens.accessToken);
    if (access.sub !== claims.sub) throw new Error('ID and access tokens name different users');
    return {
      user: userFromIdToken(claims),
      tokens: {
        refreshToken: this.cipher.encrypt(tokens.refreshToken),
        expiresAt: tokenExpiry(claims, access.exp, now),
        signedInAt: now,
        originJti: access.origin_jti,
      },
    };
  }

  /** Trades the session's refresh token for fresh tokens. */
  async refresh(current: SignedIn, now = this.clock.now()): Promise<SignedIn> {
    let refreshToken: string;
    try {
      refreshToken = this.cipher.decrypt(current.tokens.refreshToken);
    } catch {
      throw new RefreshRejectedError('stored refresh token cannot be decrypted (secret changed?)');
    }
    let refreshed: TokenSet;
    try {
      refreshed = await this.tokenClient.refresh(refreshToken);
    } catch (error) {
      if (error instanceof CognitoTokenError && error.rejected)
        throw new RefreshRejectedError(error.message);
      throw error;
    }
    const claims = await this.verifier.verifyRefreshedIdToken(refreshed.idToken, {
      sub: current.user.sub,
      accessToken: refreshed.accessToken,
    });
    const access = await this.verifier.verifyAccessToken(refreshed.accessToken);
    return {
      user: userFromIdToken(claims),
      tokens: {
        refreshToken: refreshed.refreshToken
          ? this.cipher.encrypt(refreshed.refreshToken)
          : current.tokens.refreshToken,
        expiresAt: tokenExpiry(claims, access.exp, now),
        signedInAt: current.tokens.signedInAt,
        originJti: access.origin_jti ?? current.tokens.originJti,
      },
    };
  }

  /**
   * Ends the sign-in everywhere (see SignInRevocations: its access tokens lose API writes, its
   * refresh token is revoked now or later) and returns where to send the browser so Cognito's own
   * sign-in cookie is cleared too.
   */
  async signOut(tokens: SessionTokens | undefined): Promise<string> {
    if (tokens) await this.revocations.revoke(tokens);
    return this.cognitoLogoutUrl();
  }

  /** A sign-in that ended without the person (refresh refused, Cognito out past the grace). */
  endSignIn(tokens: SessionTokens): Promise<void> {
    return this.revocations.revoke(tokens);
  }

  private cognitoLogoutUrl(): string {
    const { domain, clientId } = this.cognito;
    const url = new URL('/logout', domain);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('logout_uri', `${this.http.baseUrl}${SIGNED_OUT_LANDING_PATH}`);
    return url.toString();
  }
}

function userFromIdToken(claims: IdTokenClaims): AuthenticatedUser {
  return {
    sub: claims.sub,
    username: claims['cognito:username'],
    nickname: claims.nickname,
    email: claims.email,
    groups: Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [],
  };
}

/** Both tokens expire together in practice; take the earlier to be safe. */
function tokenExpiry(idClaims: IdTokenClaims, accessExp: number, now: number): number {
  return Math.max(now, Math.min(idClaims.exp, accessExp) * 1000);
}
