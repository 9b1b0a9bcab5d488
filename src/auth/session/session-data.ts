import 'express-session';
import { AuthenticatedUser } from '../authenticated-user';

/** State, PKCE verifier and nonce of one sign-in in progress; read once by the callback. */
export interface LoginTransaction {
  state: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  createdAt: number;
}

/** What a signed-in session keeps about its Cognito tokens. No ID or access token is kept. */
export interface SessionTokens {
  /** AES-256-GCM ciphertext of the refresh token (see RefreshTokenCipher). */
  refreshToken: string;
  /** When the ID and access tokens expire (epoch ms); the next request after it refreshes. */
  expiresAt: number;
  /** When the person signed in (epoch ms), for the absolute session limit. */
  signedInAt: number;
  /** Cognito's origin_jti of this sign-in: revoking it cuts its access tokens off API writes. */
  originJti?: string;
}

declare module 'express-session' {
  interface SessionData {
    user?: AuthenticatedUser;
    tokens?: SessionTokens;
    loginTransactions?: Record<string, LoginTransaction>;
    /** A one-time message shown on the next page ("Uploaded", "Deleted"). */
    notice?: string;
  }
}
