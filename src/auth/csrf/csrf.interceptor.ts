import {
  CallHandler,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { CSRF_REFUSAL } from './csrf.guard';
import { CsrfService } from './csrf.service';

/**
 * Refuses a form POST without the session's CSRF token (403, nothing changed). An interceptor
 * rather than a guard so that on multipart routes it runs after FileInterceptor has parsed the
 * body (put it after FileInterceptor in @UseInterceptors); nothing is stored before it passes.
 */
@Injectable()
export class CsrfInterceptor implements NestInterceptor {
  constructor(private readonly csrf: CsrfService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!this.csrf.isValid(req)) {
      throw new ForbiddenException(CSRF_REFUSAL);
    }
    return next.handle();
  }
}
