import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable, sendDatabaseUnavailable } from '../database/database-unavailable';
import {
  isApiRequest,
  NO_SUCH_PAGE_MESSAGE,
  publicMessage,
  sendErrorResponse,
} from './error-response';

/**
 * Nest's answer when no route matches: NotFoundException("Cannot GET /the/path?query"). A page
 * says so in words; the API keeps Nest's message, which names the method and path it got.
 */
function isNoRoute(exception: unknown, req: Request): boolean {
  return (
    exception instanceof NotFoundException &&
    exception.message === `Cannot ${req.method} ${req.originalUrl}`
  );
}

/**
 * The catch-all: any exception no module's own filter claimed becomes JSON for the API or the
 * error page. Feature modules map their errors themselves (e.g. AuthExceptionFilter) and answer
 * through the same `sendErrorResponse`; this filter knows no feature.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (isDatabaseUnavailable(exception)) return sendDatabaseUnavailable(req, res, exception);
    const status =
      exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    const message =
      isNoRoute(exception, req) && !isApiRequest(req)
        ? NO_SUCH_PAGE_MESSAGE
        : publicMessage(exception, status);
    sendErrorResponse(req, res, { status, message }, exception);
  }
}
