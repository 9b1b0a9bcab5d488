import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { CognitoTokenError } from '../tokens/cognito-token.client';
import { JwksUnavailableError } from '../tokens/jwks-key-cache';
import { InvalidTokenError } from '../tokens/token-claims';
import { COGNITO_STRATEGY } from './cognito.strategy';
import { LoginTransactionStore, RequestWithTransaction } from './login-transaction.store';
import { SignInError } from './sign-in.error';

export const SIGN_IN_RESULT = 'signInResult';

/**
 * GET /callback. The state is checked first, before anything else in the response is believed,
 * and the transaction is consumed so the same state can never be used twice.
 */
@Injectable()
export class CognitoCallbackGuard extends AuthGuard(COGNITO_STRATEGY) {
  private readonly logger = new Logger('SignIn');

  constructor(private readonly transactions: LoginTransactionStore) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithTransaction>();
    const transaction = this.transactions.take(req, req.query.state);
    if (!transaction) throw this.logged(SignInError.invalidState());
    req.loginTransaction = transaction;
    const error = req.query.error;
    if (typeof error === 'string' || Array.isArray(error)) {
      const description =
        typeof req.query.error_description === 'string' ? req.query.error_description : undefined;
      throw this.logged(
        error === 'access_denied'
          ? SignInError.denied(description)
          : SignInError.providerError(typeof error === 'string' ? error : 'invalid_request'),
      );
    }
    if (typeof req.query.code !== 'string' || req.query.code === '')
      throw this.logged(SignInError.missingCode());
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): { session: false; property: string } {
    return { session: false, property: SIGN_IN_RESULT };
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw this.logged(toSignInError(err));
    return user;
  }

  private logged(error: SignInError): SignInError {
    this.logger.warn(`Sign-in failed (${error.getStatus()}): ${error.detail}`);
    return error;
  }
}

/** passport-oauth2 wraps token-endpoint failures in InternalOAuthError, keeping ours as `oauthError`. */
function toSignInError(err: unknown): SignInError {
  const cause = err && typeof err === 'object' && 'oauthError' in err ? err.oauthError : err;
  if (cause instanceof SignInError) return cause;
  if (cause instanceof CognitoTokenError)
    return SignInError.exchangeFailed(cause.code, !cause.rejected);
  if (cause instanceof InvalidTokenError) return SignInError.invalidToken(cause.reason);
  if (cause instanceof JwksUnavailableError) return SignInError.keysUnavailable(cause.message);
  return SignInError.invalidToken(cause instanceof Error ? cause.message : 'no user');
}

export type CallbackRequest = Request & { [SIGN_IN_RESULT]?: unknown };
