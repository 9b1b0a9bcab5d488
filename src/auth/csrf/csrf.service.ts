import { Injectable } from '@nestjs/common';
import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

export const CSRF_FIELD = '_csrf';

/**
 * Synchronizer-token CSRF protection (csrf-sync): one token per session, sent back by every
 * form as a hidden `_csrf` field (or an `x-csrf-token` header) and compared in constant time.
 */
@Injectable()
export class CsrfService {
  private readonly csrf = csrfSync({
    getTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body?.[CSRF_FIELD];
      if (typeof fromBody === 'string') return fromBody;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });

  /** The session's token, made on first use. Needs a session (signed-in pages have one). */
  token(req: Request): string {
    return this.csrf.generateToken(req);
  }

  isValid(req: Request): boolean {
    return Boolean(req.session) && this.csrf.isRequestValid(req);
  }
}
