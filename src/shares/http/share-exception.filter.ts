import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpStatus,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfService } from '../../auth/csrf/csrf.service';
import { HttpExceptionFilter } from '../../common/http-exception.filter';
import { isApiRequest, sendErrorResponse } from '../../common/error-response';
import {
  ShareHashingBusyError,
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
  | ShareInputError
  | ShareHashingBusyError;

/** A visitor's client that asked for JSON (`Accept: application/json`) rather than a page. */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/**
 * The share rules' errors in HTTP. The owner's (a target not theirs: 404, a bad expiry: 400) go
 * the app-wide way. A visitor's are answered here, as a page or JSON alike: one 404 for every dead
 * link ("This link is not available"), 401 with the password form for a locked one, 429 with
 * Retry-After for too many guesses. Too many passwords waiting to be hashed is 503 with
 * Retry-After: the unlock form again for a visitor, the error page or JSON for an owner.
 */
@Catch(
  ShareUnavailableError,
  ShareLockedError,
  TooManyUnlockAttemptsError,
  ShareTargetNotFoundError,
  ShareInputError,
  ShareHashingBusyError,
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
    if (error instanceof TooManyUnlockAttemptsError || error instanceof ShareHashingBusyError)
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    // The owner making a link (no /s/:token): the app-wide error page or JSON, as a warning.
    if (error instanceof ShareHashingBusyError && req.params.token === undefined) {
      const cause = new ServiceUnavailableException(error.reason);
      return sendErrorResponse(req, res, { status, message: error.reason, title: 'Busy' }, cause);
    }
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
      tryLater:
        error instanceof TooManyUnlockAttemptsError || error instanceof ShareHashingBusyError
          ? error.reason
          : undefined,
    });
  }
}

function statusOf(error: ShareError): HttpStatus {
  if (error instanceof ShareHashingBusyError) return HttpStatus.SERVICE_UNAVAILABLE;
  if (error instanceof TooManyUnlockAttemptsError) return HttpStatus.TOO_MANY_REQUESTS;
  if (error instanceof ShareLockedError) return HttpStatus.UNAUTHORIZED;
  return HttpStatus.NOT_FOUND;
}
