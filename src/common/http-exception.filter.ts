import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { BEARER_CHALLENGE, BearerTokenException } from '../auth/guards/bearer-auth.guard';
import { SignInRequiredException } from '../auth/guards/session-auth.guard';
import { SignInError } from '../auth/login/sign-in.error';
import { endSession } from '../auth/session/session-lifecycle';

const isApi = (req: Request) => req.path === '/api' || req.path.startsWith('/api/');

/** Text a page may show for an exception: its own message for 4xx, nothing internal for 5xx. */
function publicMessage(exception: unknown, status: number): string {
  if (exception instanceof SignInError) return exception.userMessage;
  if (status >= 500 || !(exception instanceof HttpException))
    return 'Something went wrong on our side. Please try again.';
  const body = exception.getResponse();
  const message = typeof body === 'object' && body && 'message' in body ? body.message : body;
  return Array.isArray(message) ? message.join(' ') : String(message);
}

/**
 * One place turns exceptions into responses: JSON for the API, an error page for everything
 * else, and a redirect to sign in where a page needs a user.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof SignInRequiredException) {
      res.redirect(302, `/login?returnTo=${encodeURIComponent(exception.returnTo)}`);
      return;
    }
    const status =
      exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const message = publicMessage(exception, status);
    if (isApi(req)) {
      if (exception instanceof BearerTokenException)
        res.setHeader('WWW-Authenticate', BEARER_CHALLENGE);
      res
        .status(status)
        .json({ statusCode: status, error: HttpStatus[status] ?? 'Error', message });
      return;
    }
    const signIn = exception instanceof SignInError;
    // A failed sign-in leaves no session behind (an anonymous one only held the sign-in state).
    if (signIn && req.session && !req.session.user)
      await endSession(req, res).catch(() => undefined);
    res.status(status).render('pages/error', {
      title: signIn ? 'Sign-in failed' : 'Error',
      status,
      message,
      retryHref: signIn ? '/login' : undefined,
      currentUser: req.session?.user,
    });
  }
}
