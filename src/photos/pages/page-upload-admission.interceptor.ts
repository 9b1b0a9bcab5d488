import {
  CallHandler,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CSRF_REFUSAL } from '../../auth/csrf/csrf.guard';
import { CsrfService } from '../../auth/csrf/csrf.service';
import { WriteBudget } from '../../rate-limit/write-budget';
import { requireForAdmission } from '../intake/upload-admission';

/**
 * The upload form's admission (upload-admission.ts), before a byte of its body is spooled: its
 * CSRF token first (the form's `_csrf` field, which comes before its files, or the upload
 * script's X-CSRF-Token header), then one write of the user's budget. So a forged post spends no
 * write and puts nothing on disk. Bind it before UploadIntakeInterceptor, whose spool-room check
 * comes after these.
 */
@Injectable()
export class PageUploadAdmission implements NestInterceptor {
  constructor(
    private readonly csrf: CsrfService,
    private readonly writes: WriteBudget,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const res = context.switchToHttp().getResponse<Response>();
    const user = req.user;
    if (!user) throw new Error('PageUploadAdmission used on a route without an auth guard');
    // The upload script sends the token as a header: then it is checked before the body is read.
    const inHeader = typeof req.headers['x-csrf-token'] === 'string';
    requireForAdmission(
      req,
      () => {
        if (this.csrf.isValid(req)) return;
        res.setHeader('Connection', 'close'); // the rest of the body is not wanted
        throw new ForbiddenException(CSRF_REFUSAL);
      },
      { needsBody: !inHeader },
    );
    requireForAdmission(req, () => this.writes.charge(user.sub, res));
    return next.handle();
  }
}
