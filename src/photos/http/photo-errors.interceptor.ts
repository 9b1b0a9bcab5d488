import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { PhotosConfig } from '../../config/config-slices';
import type { Request, Response } from 'express';
import { uploadBudgetOf } from '../intake/upload-budget';
import { photoHttpException, RetryLaterException } from './photo-http-errors';

/**
 * Turns the photo rules' errors into HttpExceptions on their way out of a photo controller, so
 * the app-wide filter (JSON for /api, an error page otherwise) and the upload page's filter
 * see statuses. Bind it before FileInterceptor, so multer's errors pass through it too.
 */
@Injectable()
export class PhotoErrorsInterceptor implements NestInterceptor {
  constructor(private readonly photos: PhotosConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const req = context.switchToHttp().getRequest<Request>();
        const budget = uploadBudgetOf(req) ?? {
          maxFiles: 1,
          maxBytesPerFile: this.photos.maxUploadBytes,
        };
        const mapped = photoHttpException(error, budget) ?? error;
        if (mapped instanceof RetryLaterException) {
          const res = context.switchToHttp().getResponse<Response>();
          if (!res.headersSent) res.setHeader('Retry-After', String(mapped.retryAfterSeconds));
        }
        return throwError(() => mapped);
      }),
    );
  }
}
