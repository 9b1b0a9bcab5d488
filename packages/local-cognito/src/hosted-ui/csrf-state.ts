import type { Request, Response } from 'express';
import { FormCsrf } from './form-csrf';
import { csrfCookieOf, csrfTokenFor } from './http-outcome';

/** A form's CSRF token to render, and the check of a submitted one (see FormCsrf). */
export interface CsrfState {
  token: string;
  valid: (submitted: string | undefined) => boolean;
}

/** The CSRF token to render, and the check of the submitted one against the request's cookie. */
export function csrfStateFor(csrf: FormCsrf, req: Request, res: Response): CsrfState {
  const cookieValue = csrfCookieOf(req);
  return {
    token: csrfTokenFor(csrf, req, res),
    valid: (submitted) => csrf.isValid(cookieValue, submitted),
  };
}
