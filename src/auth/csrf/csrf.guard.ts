import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CsrfService } from './csrf.service';

export const CSRF_REFUSAL =
  'The form had expired or did not come from this site. Reload the page and try again.';

/**
 * Refuses a form POST without the session's CSRF token (403, nothing changed), as a guard: before
 * the guards that count the request (the write budget), so a forged request spends nothing. For
 * url-encoded forms, whose body is parsed before any guard. Multipart uploads check it as their
 * first file begins (photos' PageUploadAdmission).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfService) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.csrf.isValid(context.switchToHttp().getRequest<Request>()))
      throw new ForbiddenException(CSRF_REFUSAL);
    return true;
  }
}
