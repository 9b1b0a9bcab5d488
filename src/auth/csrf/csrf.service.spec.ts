import type { Request } from 'express';
import { CSRF_FIELD, CsrfService } from './csrf.service';

describe('CsrfService', () => {
  const csrf = new CsrfService();
  const request = (sent?: unknown, session: object | undefined = {}) =>
    ({
      session,
      body: sent === undefined ? {} : { [CSRF_FIELD]: sent },
      headers: {},
    }) as unknown as Request;

  it('accepts the session token and refuses anything else', () => {
    const req = request();
    const token = csrf.token(req);
    const withToken = (sent: unknown) => request(sent, req.session);
    expect(csrf.isValid(withToken(token))).toBe(true);
    expect(csrf.isValid(withToken(token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a')))).toBe(
      false,
    );
    expect(csrf.isValid(withToken(token + 'x'))).toBe(false);
    expect(csrf.isValid(withToken(''))).toBe(false);
    expect(csrf.isValid(withToken(['x']))).toBe(false);
    expect(csrf.isValid(withToken(undefined))).toBe(false);
  });

  it('refuses when the session holds no token, even for an empty one sent', () => {
    expect(csrf.isValid(request(''))).toBe(false);
    expect(csrf.isValid(request('x', undefined))).toBe(false);
  });
});
