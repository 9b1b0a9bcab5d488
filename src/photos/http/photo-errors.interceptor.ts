import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { PhotosConfig } from '../../config/config-slices';
import type { Request, Response } from 'express';
import { httpErrorOf } from './photo-http-errors';

/**
 * On the upload routes: turns the photo rules' errors and multer's into HttpExceptions on their
 * way out of the handler, before any filter runs, so the upload page's filter sees statuses and
 * multer's wording is replaced by ours. Bind it before FileInterceptor, so multer's errors pass
 * through it too. (Every other photo route leaves the mapping to PhotoExceptionFilter, which
 * costs nothing until an error is thrown.)
 */
@Injectable()
export class PhotoErrorsInterceptor implements NestInterceptor {
  constructor(private readonly photos: PhotosConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const http = context.switchToHttp();
        const mapped = httpErrorOf(
          error,
          http.getRequest<Request>(),
          http.getResponse<Response>(),
          this.photos.maxUploadBytes,
        );
        return throwError(() => mapped);
      }),
    );
  }
}
