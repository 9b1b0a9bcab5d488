import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import { COGNITO_STRATEGY } from './cognito.strategy';
import { LoginTransactionMeta } from './login-transaction.store';
import { safeReturnTo } from './return-to';

/** GET /login: passport-oauth2 stores the transaction and redirects to Cognito's authorize. */
@Injectable()
export class CognitoLoginGuard extends AuthGuard(COGNITO_STRATEGY) {
  override getAuthenticateOptions(context: ExecutionContext): AuthGuardAuthenticateOptions {
    const req = context.switchToHttp().getRequest<Request>();
    const meta: LoginTransactionMeta = {
      nonce: randomBytes(24).toString('base64url'),
      returnTo: safeReturnTo(req.query.returnTo),
    };
    // passport-oauth2 hands an object `state` to the state store (typed as a string in @types).
    return { session: false, state: meta as unknown as string };
  }
}
