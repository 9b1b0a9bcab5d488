import { Client } from 'pg';
import { SessionConfig } from '../../src/config/config-slices';
import { RefreshTokenCipher } from '../../src/auth/tokens/refresh-token.cipher';
import { SessionData } from 'express-session';
import '../../src/auth/session/session-data';

/** Reads the session rows the app keeps in PostgreSQL, as an operator (or an attacker with the table) would. */
export async function sessionRows(
  databaseUrl: string,
): Promise<{ sid: string; sess: SessionData }[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ sid: string; sess: SessionData }>(
      'SELECT sid, sess FROM user_sessions',
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

/** The session id inside a signed `photos.sid` cookie value (s:<id>.<signature>). */
export function sessionIdFromCookie(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  const decoded = decodeURIComponent(cookie);
  return decoded.startsWith('s:') ? decoded.slice(2, decoded.lastIndexOf('.')) : undefined;
}

export async function signedInSession(
  databaseUrl: string,
  cookie: string | undefined,
): Promise<SessionData | undefined> {
  const sid = sessionIdFromCookie(cookie);
  return (await sessionRows(databaseUrl)).find((row) => row.sid === sid)?.sess;
}

/** Decrypts a session's stored refresh token with the app's secret (tests act as the app here). */
export function decryptRefreshToken(sess: SessionData, sessionSecret: string): string {
  // The cipher reads only the secret of its session slice.
  const session = { secret: sessionSecret } as SessionConfig;
  return new RefreshTokenCipher(session).decrypt(sess.tokens!.refreshToken);
}
