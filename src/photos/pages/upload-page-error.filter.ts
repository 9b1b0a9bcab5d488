import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { publicMessage } from '../../common/error-response';
import { HttpExceptionFilter } from '../../common/http-exception.filter';
import { MyPhotosPage } from './my-photos-page';
import { UploadRefusedException } from './upload-report';

/** The refusals a person can fix by choosing other files or shortening the description. */
const PAGE_STATUSES = new Set([400, 413, 415]);

/** The upload script asks for JSON; a browser's form post (and anything else) gets pages. */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/**
 * A refused upload shows "My photos" again, with the status, a message saying what was wrong
 * (and, for a batch, each file's reason) and the description as typed. Anything else (CSRF 403,
 * 429, 5xx) goes to the app-wide filter. The upload script gets the same answers as JSON.
 */
@Catch(HttpException)
@Injectable()
export class UploadPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(UploadPageErrorFilter.name);
  private readonly fallback = new HttpExceptionFilter();

  constructor(private readonly page: MyPhotosPage) {}

  async catch(exception: HttpException, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception.getStatus();
    if (!res.headersSent && wantsJson(req)) {
      if (status >= 500) this.logger.error(exception.stack);
      return answerJson(res, exception, status);
    }
    if (res.headersSent || !req.user || !PAGE_STATUSES.has(status))
      return this.fallback.catch(exception, host);
    try {
      const view = await this.page.build(req.user, {
        error: publicMessage(exception, status),
        refused: exception instanceof UploadRefusedException ? exception.refused : undefined,
        description: typedDescription(req),
      });
      res.status(status).render('pages/myphotos', view);
    } catch (error) {
      this.logger.error(`Could not render the upload page: ${String(error)}`);
      this.fallback.catch(exception, host);
    }
  }
}

/** The API's error shape (statusCode, error, message), plus each refused file of a batch. */
function answerJson(res: Response, exception: HttpException, status: number): void {
  res.status(status).json({
    statusCode: status,
    error: HttpStatus[status] ?? 'Error',
    message: publicMessage(exception, status),
    ...(exception instanceof UploadRefusedException && { refused: exception.refused }),
  });
}

/** multer fills req.body with the fields it read before stopping (none when refused up front). */
function typedDescription(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?.description === 'string' ? body.description : undefined;
}
