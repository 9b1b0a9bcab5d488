import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { admit } from './upload-admission';

/**
 * After multer: admits the request if no file part did (a form that carried no file), so that
 * its checks (CSRF, write budget) hold for every request that reaches the handler.
 */
@Injectable()
export class UploadAdmitted implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(admit(context.switchToHttp().getRequest<object>())).pipe(
      switchMap(() => next.handle()),
    );
  }
}
