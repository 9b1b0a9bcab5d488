import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HttpExceptionFilter } from '../../common/http-exception.filter';
import { PhotosConfig } from '../../config/config-slices';
import { httpErrorOf, PHOTO_RULE_ERRORS } from './photo-http-errors';

/**
 * The photo rules' errors in HTTP wherever they are thrown (a photo that is not yours: 404, a bad
 * cursor or description: 400, …), answered as the app-wide filter answers any HttpException: JSON
 * under /api, the error page otherwise. Registered app-wide by PhotosModule, as AuthModule does
 * its own; a filter runs only when an error is thrown, where an interceptor on every photo route
 * cost an rxjs pipeline per request. The upload routes map these earlier (PhotoErrorsInterceptor).
 */
@Catch(...PHOTO_RULE_ERRORS)
@Injectable()
export class PhotoExceptionFilter implements ExceptionFilter {
  private readonly answer = new HttpExceptionFilter();

  constructor(private readonly photos: PhotosConfig) {}

  catch(error: Error, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const mapped = httpErrorOf(
      error,
      req,
      http.getResponse<Response>(),
      this.photos.maxUploadBytes,
    );
    this.answer.catch(mapped, host);
  }
}
