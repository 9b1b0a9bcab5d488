import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const COOKIE_VALUE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signed double-submit CSRF protection for the hosted forms: the `lc_csrf` cookie holds a random
 * value, and the form's hidden `_csrf` field holds an HMAC of it under a key only this process
 * knows. A cross-site form cannot read the cookie, and a page on another port of the same host
 * (cookies ignore ports) that plants its own cookie still cannot compute the matching field.
 * The key lives in memory: after a restart, forms opened before it ask to be submitted again.
 */
export class FormCsrf {
  private readonly key = randomBytes(32);

  /** The cookie value to use (the current one if well-formed, else a new one) and its field token. */
  issue(currentCookie: string | undefined): { cookieValue: string; token: string; isNew: boolean } {
    const reuse = currentCookie !== undefined && COOKIE_VALUE_SHAPE.test(currentCookie);
    const cookieValue = reuse ? currentCookie : randomBytes(32).toString('base64url');
    return { cookieValue, token: this.tokenFor(cookieValue), isNew: !reuse };
  }

  isValid(cookieValue: string | undefined, token: string | undefined): boolean {
    if (cookieValue === undefined || token === undefined || !COOKIE_VALUE_SHAPE.test(cookieValue))
      return false;
    const expected = Buffer.from(this.tokenFor(cookieValue));
    const actual = Buffer.from(token);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  private tokenFor(cookieValue: string): string {
    return createHmac('sha256', this.key).update(cookieValue).digest('base64url');
  }
}
