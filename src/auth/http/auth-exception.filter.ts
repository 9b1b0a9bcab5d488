import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { publicMessage, sendErrorResponse } from '../../common/error-response';
import {
  BEARER_CHALLENGE,
  BearerTokenException,
  invalidTokenChallenge,
  MissingBearerTokenException,
  scopeChallenge,
} from '../guards/bearer-auth.guard';
import { InsufficientScopeException } from '../guards/scopes.guard';
import { SignInRequiredException } from '../guards/session-auth.guard';
import type { RequestWithTransaction } from '../login/login-transaction.store';
import { DEFAULT_RETURN_TO, safeReturnTo } from '../login/return-to';
import { SignInError } from '../login/sign-in.error';
import { IdentityProviderUnavailableError, RevokedAccessTokenError } from '../me/me.service';
import { endSession } from '../session/session-lifecycle';

type AuthError =
  | SignInRequiredException
  | InsufficientScopeException
  | SignInError
  | BearerTokenException
  | RevokedAccessTokenError
  | IdentityProviderUnavailableError;

/**
 * The auth module's errors in HTTP: a page that needs a user redirects to sign in, a failed
 * sign-in shows "Sign-in failed" with a way to retry, and a refused access token (401) or one
 * short of a scope (403) gets its RFC 6750 challenge. Registered app-wide by AuthModule; everything else goes to the catch-all.
 */
@Catch(
  SignInRequiredException,
  InsufficientScopeException,
  SignInError,
  BearerTokenException,
  RevokedAccessTokenError,
  IdentityProviderUnavailableError,
)
export class AuthExceptionFilter implements ExceptionFilter<AuthError> {
  async catch(exception: AuthError, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof SignInRequiredException) {
      res.redirect(302, `/login?returnTo=${encodeURIComponent(exception.returnTo)}`);
      return;
    }
    if (exception instanceof SignInError) {
      // A failed sign-in leaves no session behind (an anonymous one only held the sign-in state).
      if (req.session && !req.session.user) await endSession(req, res).catch(() => undefined);
      const answer = { status: exception.getStatus(), message: exception.userMessage };
      sendErrorResponse(
        req,
        res,
        { ...answer, title: 'Sign-in failed', retryHref: retryHref(req) },
        exception,
      );
      return;
    }
    if (exception instanceof InsufficientScopeException) {
      res.setHeader('WWW-Authenticate', scopeChallenge(exception.scopes));
      const status = HttpStatus.FORBIDDEN;
      sendErrorResponse(req, res, { status, message: publicMessage(exception, status) }, exception);
      return;
    }
    if (exception instanceof IdentityProviderUnavailableError) {
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      sendErrorResponse(req, res, { status, message: exception.reason }, exception);
      return;
    }
    const status = HttpStatus.UNAUTHORIZED;
    const message =
      exception instanceof RevokedAccessTokenError
        ? exception.reason
        : publicMessage(exception, status);
    res.setHeader(
      'WWW-Authenticate',
      exception instanceof MissingBearerTokenException
        ? BEARER_CHALLENGE
        : invalidTokenChallenge(message),
    );
    sendErrorResponse(req, res, { status, message }, exception);
  }
}

/** "Try again" starts a new sign-in bound for the same page as the failed one, when it was known. */
function retryHref(req: RequestWithTransaction): string {
  const returnTo = safeReturnTo(req.loginTransaction?.returnTo);
  return returnTo === DEFAULT_RETURN_TO
    ? '/login'
    : `/login?returnTo=${encodeURIComponent(returnTo)}`;
}
