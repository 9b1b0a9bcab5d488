import type { Request, Response } from 'express';
import { FormCsrf } from './form-csrf';
import { csrfCookieOf, csrfTokenFor } from './http-outcome';
import type { CsrfState } from './login.service';

/** The CSRF token to render, and the check of the submitted one against the request's cookie. */
export function csrfStateFor(csrf: FormCsrf, req: Request, res: Response): CsrfState {
  const cookieValue = csrfCookieOf(req);
  return {
    token: csrfTokenFor(csrf, req, res),
    valid: (submitted) => csrf.isValid(cookieValue, submitted),
  };
}
