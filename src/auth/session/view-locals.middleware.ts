import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { displayName } from '../authenticated-user';
import { HttpConfig } from '../../config/config-slices';
import { CsrfService } from '../csrf/csrf.service';
import { takeSignedOutNotice } from './signed-out-notice';

/**
 * What every page's layout needs: the signed-in user and the name the header shows and, for
 * signed-in visitors only, the CSRF token its forms carry. Signed-out visitors get no session at all.
 * The page a sign-out lands on gets its "You are signed out." notice here.
 */
@Injectable()
export class ViewLocalsMiddleware implements NestMiddleware {
  constructor(
    private readonly csrf: CsrfService,
    private readonly http: HttpConfig,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const user = req.session?.user;
    res.locals.currentUser = user;
    // Which nav link is the current page (aria-current); the path only, never the query.
    res.locals.currentPath = new URL(req.originalUrl, 'http://localhost').pathname;
    if (user) {
      res.locals.currentUserName = displayName(user);
      res.locals.csrfToken = this.csrf.token(req);
    }
    const signedOut = takeSignedOutNotice(req, res, this.http.secure);
    if (signedOut) res.locals.notice = signedOut;
    next();
  }
}
