import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpStatus,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfService } from '../../auth/csrf/csrf.service';
import { HttpExceptionFilter } from '../../common/http-exception.filter';
import { isApiRequest } from '../../common/error-response';
import {
  ShareInputError,
  ShareLockedError,
  ShareTargetNotFoundError,
  ShareUnavailableError,
  TooManyUnlockAttemptsError,
} from '../share-errors';
import { SHARE_TEXT } from '../share-rules';

type ShareError =
  | ShareUnavailableError
  | ShareLockedError
  | TooManyUnlockAttemptsError
  | ShareTargetNotFoundError
  | ShareInputError;

/** A visitor's client that asked for JSON (`Accept: application/json`) rather than a page. */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/**
 * The share rules' errors in HTTP. The owner's (a target not theirs: 404, a bad expiry: 400) go
 * the app-wide way. A visitor's are answered here, as a page or JSON alike: one 404 for every dead
 * link ("This link is not available"), 401 with the password form for a locked one, 429 with
 * Retry-After for too many guesses.
 */
@Catch(
  ShareUnavailableError,
  ShareLockedError,
  TooManyUnlockAttemptsError,
  ShareTargetNotFoundError,
  ShareInputError,
)
@Injectable()
export class ShareExceptionFilter implements ExceptionFilter {
  private readonly fallback = new HttpExceptionFilter();

  constructor(private readonly csrf: CsrfService) {}

  catch(error: ShareError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof ShareTargetNotFoundError)
      return this.fallback.catch(new NotFoundException(error.reason), host);
    if (error instanceof ShareInputError)
      return this.fallback.catch(new BadRequestException(error.reason), host);
    if (res.headersSent) return;
    const status = statusOf(error);
    if (error instanceof TooManyUnlockAttemptsError)
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (isApiRequest(req) || wantsJson(req)) {
      res
        .status(status)
        .json({ statusCode: status, error: HttpStatus[status], message: error.reason });
      return;
    }
    if (error instanceof ShareUnavailableError) {
      res.status(status).render('pages/error', {
        title: SHARE_TEXT.notAvailableTitle,
        status,
        message:
          'The link may have been turned off by the person who shared it, or it has expired.',
      });
      return;
    }
    res.status(status).render('pages/share-locked', {
      title: 'Password needed',
      action: `/s/${encodeURIComponent(String(req.params.token ?? ''))}/unlock`,
      // A signed-out visitor gets a session here, to hold the form's CSRF token.
      unlockCsrfToken: this.csrf.token(req),
      error:
        error instanceof ShareLockedError && error.reason !== SHARE_TEXT.locked
          ? error.reason
          : undefined,
      tooMany: error instanceof TooManyUnlockAttemptsError ? error.reason : undefined,
    });
  }
}

function statusOf(error: ShareError): HttpStatus {
  if (error instanceof TooManyUnlockAttemptsError) return HttpStatus.TOO_MANY_REQUESTS;
  if (error instanceof ShareLockedError) return HttpStatus.UNAUTHORIZED;
  return HttpStatus.NOT_FOUND;
}
