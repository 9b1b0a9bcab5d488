import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { StateStore, Strategy } from 'passport-oauth2';
import { CognitoConfig } from '../../config/config-slices';
import { AuthService, SignedIn } from '../auth.service';
import { CognitoTokenClient } from '../tokens/cognito-token.client';
import {
  LoginTransactionMeta,
  LoginTransactionStore,
  RequestWithTransaction,
} from './login-transaction.store';

export const COGNITO_STRATEGY = 'cognito';

type TokenCallback = (
  err: unknown,
  accessToken?: string,
  refreshToken?: string,
  results?: unknown,
) => void;

/**
 * Cognito's hosted UI through passport-oauth2: authorization code with state, nonce and PKCE S256.
 * The code exchange goes through CognitoTokenClient, which authenticates with HTTP Basic as
 * Cognito documents (node-oauth would put the client secret in the body).
 */
@Injectable()
export class CognitoStrategy extends PassportStrategy(Strategy, COGNITO_STRATEGY, true) {
  constructor(
    cognito: CognitoConfig,
    transactions: LoginTransactionStore,
    tokenClient: CognitoTokenClient,
    private readonly auth: AuthService,
  ) {
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
      passReqToCallback: true,
      skipUserProfile: true,
    });
    // passport-oauth2 keeps its OAuth2 client "protected"; replacing its one token call is the
    // documented way to change how the code is exchanged.
    const oauth2 = (this as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
    oauth2.getOAuthAccessToken = (
      code: string,
      params: Record<string, string>,
      done: TokenCallback,
    ) => {
      tokenClient
        .exchangeCode(code, params.redirect_uri, params.code_verifier)
        .then((tokens) => done(null, tokens.accessToken, tokens.refreshToken, tokens))
        .catch((error: unknown) => done(error));
    };
  }

  /** Puts this sign-in's nonce on the authorize URL (the state store keeps it for the callback). */
  override authorizationParams(options: { state?: LoginTransactionMeta }): object {
    return options.state ? { nonce: options.state.nonce } : {};
  }

  async validate(
    req: Request,
    _accessToken: string,
    _refreshToken: string,
    params: Parameters<AuthService['completeSignIn']>[0],
    // Unused, but passport-oauth2 passes the token response (`params`) only to a verify
    // function of six arguments, and @nestjs/passport derives that arity from this signature.
    _profile: unknown,
  ): Promise<SignedIn> {
    const transaction = (req as RequestWithTransaction).loginTransaction;
    if (!transaction) throw new Error('No sign-in in progress');
    return this.auth.completeSignIn(params, transaction.nonce);
  }
}
