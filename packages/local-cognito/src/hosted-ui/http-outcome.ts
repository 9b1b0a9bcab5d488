import type { CookieOptions, Request, Response } from 'express';
import { CSRF_COOKIE, SESSION_COOKIE } from '../local-cognito.constants';
import { cookieOf } from '../support/http';
import type { FormCsrf } from './form-csrf';
import type { HostedOutcome } from './hosted-outcome';

/** Every cookie of the local Cognito: script-proof, and not sent on cross-site subrequests or POSTs. */
const COOKIE_OPTIONS: CookieOptions = { httpOnly: true, sameSite: 'lax', path: '/' };

/** Sends a hosted-UI outcome: the session cookie change, then the redirect or the rendered page. */
export function sendHostedOutcome(res: Response, outcome: HostedOutcome): void {
  res.setHeader('Cache-Control', 'no-store');
  if (outcome.kind === 'page') {
    res.status(outcome.status).render(outcome.view, outcome.model);
    return;
  }
  if (outcome.session === 'end') {
    res.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
  } else if (outcome.session !== undefined) {
    res.cookie(SESSION_COOKIE, outcome.session.start.id, {
      ...COOKIE_OPTIONS,
      maxAge: outcome.session.start.maxAgeMs,
    });
  }
  res.redirect(302, outcome.location);
}

/** The CSRF token for a form on this response, setting the `lc_csrf` cookie when there is none yet. */
export function csrfTokenFor(csrf: FormCsrf, req: Request, res: Response): string {
  const { cookieValue, token, isNew } = csrf.issue(cookieOf(req, CSRF_COOKIE));
  if (isNew) res.cookie(CSRF_COOKIE, cookieValue, COOKIE_OPTIONS);
  return token;
}

export function csrfCookieOf(req: Request): string | undefined {
  return cookieOf(req, CSRF_COOKIE);
}

export function sessionIdOf(req: Request): string | undefined {
  return cookieOf(req, SESSION_COOKIE);
}
