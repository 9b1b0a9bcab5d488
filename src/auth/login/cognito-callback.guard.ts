import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { AuthService } from '../auth.service';
import { CognitoTokenError } from '../tokens/cognito-token.client';
import { JwksUnavailableError } from '../tokens/jwks-key-cache';
import { InvalidTokenError } from '../tokens/token-claims';
import { LoginTransactionStore, RequestWithTransaction } from './login-transaction.store';
import { SignInError } from './sign-in.error';

export const SIGN_IN_RESULT = 'signInResult';

/**
 * GET /callback. The state is checked first, before anything else in the response is believed,
 * and the transaction is consumed so the same state can never be used twice. Then the code is
 * exchanged (with the transaction's PKCE verifier) and both tokens verified (with its nonce).
 */
@Injectable()
export class CognitoCallbackGuard implements CanActivate {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly transactions: LoginTransactionStore,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CallbackRequest & RequestWithTransaction>();
    const transaction = this.transactions.take(req, req.query.state);
    if (!transaction) throw this.logged(SignInError.invalidState());
    req.loginTransaction = transaction;
    const error = req.query.error;
    if (typeof error === 'string' || Array.isArray(error)) {
      throw this.logged(
        error === 'access_denied'
          ? SignInError.denied()
          : SignInError.providerError(typeof error === 'string' ? error : 'invalid_request'),
      );
    }
    const code = req.query.code;
    if (typeof code !== 'string' || code === '') throw this.logged(SignInError.missingCode());
    try {
      req[SIGN_IN_RESULT] = await this.auth.signInWithCode(code, transaction);
    } catch (err) {
      throw this.logged(toSignInError(err));
    }
    return true;
  }

  private logged(error: SignInError): SignInError {
    this.logger.warn(`Sign-in failed (${error.getStatus()}): ${error.detail}`);
    return error;
  }
}

function toSignInError(cause: unknown): SignInError {
  if (cause instanceof SignInError) return cause;
  if (cause instanceof CognitoTokenError)
    return SignInError.exchangeFailed(cause.code, !cause.rejected);
  if (cause instanceof InvalidTokenError) return SignInError.invalidToken(cause.reason);
  if (cause instanceof JwksUnavailableError) return SignInError.keysUnavailable(cause.message);
  return SignInError.invalidToken(cause instanceof Error ? cause.message : 'no user');
}

export type CallbackRequest = Request & { [SIGN_IN_RESULT]?: unknown };
