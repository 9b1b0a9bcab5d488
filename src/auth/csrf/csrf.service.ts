import { Injectable } from '@nestjs/common';
import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

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

  /** csrf-sync compares with `===`; the session's and the form's tokens are compared in constant time here. */
  isValid(req: Request): boolean {
    if (!req.session) return false;
    const received: unknown = this.csrf.getTokenFromRequest(req);
    const stored: unknown = this.csrf.getTokenFromState(req);
    if (typeof received !== 'string' || typeof stored !== 'string' || stored === '') return false;
    // Digests have one length whatever was sent, so timingSafeEqual never sees unequal lengths.
    return timingSafeEqual(digest(received), digest(stored));
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
