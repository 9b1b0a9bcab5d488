import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { publicMessage } from '../../common/error-response';
import { HttpExceptionFilter } from '../../common/http-exception.filter';
import { MyPhotosPage } from './my-photos-page';

/** The refusals a person can fix by choosing another file or shortening the description. */
const PAGE_STATUSES = new Set([400, 413, 415]);

/**
 * A refused upload shows "My photos" again, with the status, a message saying what was wrong and
 * the description as typed. Anything else (CSRF 403, 5xx) goes to the app-wide filter.
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
    if (res.headersSent || !req.user || !PAGE_STATUSES.has(status))
      return this.fallback.catch(exception, host);
    try {
      const view = await this.page.build(req.user, {
        error: publicMessage(exception, status),
        description: typedDescription(req),
      });
      res.status(status).render('pages/myphotos', view);
    } catch (error) {
      this.logger.error(`Could not render the upload page: ${String(error)}`);
      this.fallback.catch(exception, host);
    }
  }
}

/** multer fills req.body with the fields it read before stopping (none when refused up front). */
function typedDescription(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?.description === 'string' ? body.description : undefined;
}
