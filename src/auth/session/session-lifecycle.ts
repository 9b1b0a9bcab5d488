import type { Request, Response } from 'express';
import { promisify } from 'node:util';
import { SignedIn } from '../auth.service';
import { SESSION_COOKIE } from './session.constants';

/** Starts a signed-in session under a new id, so an id planted before sign-in is worthless. */
export async function startSignedInSession(
  req: Request,
  signedIn: SignedIn,
  idleTimeoutMs: number,
): Promise<void> {
  await promisify(req.session.regenerate.bind(req.session))();
  req.session.user = signedIn.user;
  req.session.tokens = signedIn.tokens;
  req.session.cookie.maxAge = idleTimeoutMs;
  await promisify(req.session.save.bind(req.session))();
}

/** Deletes the session row and tells the browser to drop the cookie. */
export async function endSession(req: Request, res: Response): Promise<void> {
  if (req.session) await promisify(req.session.destroy.bind(req.session))();
  res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
}
