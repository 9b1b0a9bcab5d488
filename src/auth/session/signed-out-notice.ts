import type { CookieOptions, Request, Response } from 'express';

/**
 * Where Cognito's /logout sends the browser back to: `BASE_URL/`, the sign-out URL every
 * deployment registers on its app client (changing it would break sign-out until re-registered).
 */
export const SIGNED_OUT_LANDING_PATH = '/';
export const SIGNED_OUT_NOTICE = 'You are signed out.';

/**
 * "You were just signed out", carried across the round trip through Cognito's /logout. Not the
 * session: it is destroyed before that redirect, and a new one would outlive the sign-out.
 */
const COOKIE = 'photos_signed_out';
/** Long enough for the trip through Cognito, short enough to be forgotten if it never ends. */
const LIFETIME_MS = 5 * 60 * 1000;
const PRESENT = new RegExp(`(?:^|;\\s*)${COOKIE}=1(?:;|$)`);

function cookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

/** Called as a sign-out ends: the next landing page says so. */
export function markSignedOut(res: Response, secure: boolean): void {
  res.cookie(COOKIE, '1', { ...cookieOptions(secure), maxAge: LIFETIME_MS });
}

/**
 * On the landing page: the notice once, then the mark is dropped. Someone signed in again since
 * (another tab) is not told they are signed out.
 */
export function takeSignedOutNotice(
  req: Request,
  res: Response,
  secure: boolean,
): string | undefined {
  if (req.method !== 'GET' || req.path !== SIGNED_OUT_LANDING_PATH) return undefined;
  if (!PRESENT.test(req.headers.cookie ?? '')) return undefined;
  res.clearCookie(COOKIE, cookieOptions(secure));
  return req.session?.user ? undefined : SIGNED_OUT_NOTICE;
}
