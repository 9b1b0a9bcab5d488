import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable, sendDatabaseUnavailable } from '../database/database-unavailable';
import { publicMessage, sendErrorResponse } from './error-response';

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
    sendErrorResponse(req, res, { status, message: publicMessage(exception, status) }, exception);
  }
}
