import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthenticatedUser } from '../authenticated-user';
import { safeReturnTo } from '../login/return-to';

/** Signed out on a page that needs a user: send the browser to sign in and come back. */
export class SignInRequiredException extends Error {
  constructor(readonly returnTo: string) {
    super('Sign-in required');
  }
}

/** For pages: the session's user becomes `req.user`; otherwise 302 to /login?returnTo=… */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const user = req.session?.user;
    if (!user) {
      // A POST cannot be replayed after sign-in; come back to the page instead.
      const returnTo =
        req.method === 'GET' ? req.originalUrl : req.path.replace(/\/[^/]+\/delete$/, '');
      throw new SignInRequiredException(safeReturnTo(returnTo));
    }
    req.user = user;
    return true;
  }
}
