import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { StateStore, Strategy } from 'passport-oauth2';
import { CognitoConfig } from '../../config/config-slices';
import { AuthService } from '../auth.service';
import { LoginTransactionMeta, LoginTransactionStore } from './login-transaction.store';

export const COGNITO_STRATEGY = 'cognito';

/**
 * The authorization request to Cognito's hosted UI through passport-oauth2: state, nonce and
 * PKCE S256, kept by LoginTransactionStore.
 *
 * Only the request: passport-oauth2 (node-oauth) always sends the client secret in the token
 * request's body and has no public option for the HTTP Basic authentication Cognito documents,
 * so the callback's code exchange is ours, in the open (CognitoCallbackGuard → AuthService →
 * CognitoTokenClient).
 */
@Injectable()
export class CognitoStrategy extends PassportStrategy(Strategy, COGNITO_STRATEGY) {
  constructor(cognito: CognitoConfig, transactions: LoginTransactionStore, auth: AuthService) {
    super({
      authorizationURL: `${cognito.domain}/oauth2/authorize`,
      tokenURL: `${cognito.domain}/oauth2/token`,
      clientID: cognito.clientId,
      clientSecret: cognito.clientSecret,
      callbackURL: auth.callbackUrl,
      scope: [...cognito.scopes],
      pkce: true, // S256
      // @types/passport-oauth2 lacks the PKCE-aware (five-argument) store the library calls.
      store: transactions as unknown as StateStore,
      skipUserProfile: true,
    });
  }

  /** Puts this sign-in's nonce on the authorize URL (the state store keeps it for the callback). */
  override authorizationParams(options: { state?: LoginTransactionMeta }): object {
    return options.state ? { nonce: options.state.nonce } : {};
  }

  /** Never called: the strategy only starts sign-ins; see the class comment. */
  validate(): never {
    throw new Error('The sign-in callback is handled by CognitoCallbackGuard, not passport');
  }
}
