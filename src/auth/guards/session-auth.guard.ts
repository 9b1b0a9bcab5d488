import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthenticatedUser } from '../authenticated-user';
import { safeReturnTo } from '../login/return-to';

const RETURN_AFTER_SIGN_IN = 'auth:return-after-sign-in';

/**
 * Where a signed-out visitor comes back to after signing in, when the route itself cannot be
 * replayed (a POST form): put it on the form's controller or handler, e.g.
 * `@ReturnAfterSignIn('/myphotos')`. GET routes come back to themselves.
 */
export const ReturnAfterSignIn = (path: string) => SetMetadata(RETURN_AFTER_SIGN_IN, path);

/** Signed out on a page that needs a user: send the browser to sign in and come back. */
export class SignInRequiredException extends Error {
  constructor(readonly returnTo: string) {
    super('Sign-in required');
  }
}

/** For pages: the session's user becomes `req.user`; otherwise 302 to /login?returnTo=… */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const user = req.session?.user;
    if (!user) throw new SignInRequiredException(safeReturnTo(this.returnPath(context, req)));
    req.user = user;
    return true;
  }

  private returnPath(context: ExecutionContext, req: Request): string {
    if (req.method === 'GET') return req.originalUrl;
    // A POST cannot be replayed after sign-in; come back to the page its route names.
    const declared = this.reflector.getAllAndOverride<string | undefined>(RETURN_AFTER_SIGN_IN, [
      context.getHandler(),
      context.getClass(),
    ]);
    return declared ?? req.path;
  }
}
