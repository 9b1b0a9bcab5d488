/** Claims of a Cognito ID token this app reads (Cognito may add more; they are ignored). */
export interface IdTokenClaims {
  sub: string;
  aud: string;
  iss: string;
  token_use: 'id';
  exp: number;
  iat: number;
  nonce?: string;
  /** Binds the ID token to the access token it came with (checked by the verifier). */
  at_hash?: string;
  'cognito:username': string;
  email?: string;
  nickname?: string;
  'cognito:groups'?: string[];
}

/** Claims of a Cognito access token this app reads. */
export interface AccessTokenClaims {
  sub: string;
  iss: string;
  client_id: string;
  token_use: 'access';
  scope?: string;
  exp: number;
  iat: number;
  username?: string;
  jti?: string;
  /** The sign-in (refresh token) this token was minted from; revoking it revokes them all. */
  origin_jti?: string;
  'cognito:groups'?: string[];
}

/** Any failed check on a token: bad signature, wrong issuer, audience, use, nonce, expiry… */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** The claims of a verified JWT, as its payload holds them: what each one is, is checked by use. */
export interface JwtClaims {
  readonly [claim: string]: unknown;
}
