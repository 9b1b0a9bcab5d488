import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { CognitoApiController } from './api/cognito-api.controller';
import { COGNITO_API_PROVIDERS } from './api/cognito-api.providers';
import { ErrorPageController } from './hosted-ui/error-page.controller';
import { FormCsrf } from './hosted-ui/form-csrf';
import { LoginController } from './hosted-ui/login.controller';
import { LoginService } from './hosted-ui/login.service';
import { PasswordAttempts } from './hosted-ui/password-attempts';
import { LogoutController } from './hosted-ui/logout.controller';
import { LogoutService } from './hosted-ui/logout.service';
import { SignInSessionStore } from './hosted-ui/sign-in-session.store';
import { SignInService } from './hosted-ui/sign-in.service';
import { SignUpController } from './hosted-ui/signup.controller';
import { SignUpService } from './hosted-ui/signup.service';
import type { LocalCognitoConfig } from './local-cognito.config';
import { LOCAL_COGNITO_CLOCK, LOCAL_COGNITO_CONFIG } from './local-cognito.constants';
import { LocalCognitoUrls } from './local-cognito.urls';
import { AuthorizationCodeStore } from './oauth/authorization-code.store';
import { AuthorizeController } from './oauth/authorize.controller';
import { AuthorizeService } from './oauth/authorize.service';
import { ClientRegistry } from './oauth/client-registry';
import { allowAnyOrigin } from './oauth/cors.middleware';
import { IssuedTokenVerifier } from './oauth/issued-token.verifier';
import { RefreshTokenStore } from './oauth/refresh-token.store';
import { RevocationService } from './oauth/revocation.service';
import { TokenMinter } from './oauth/token-minter';
import { TokenController } from './oauth/token.controller';
import { TokenService } from './oauth/token.service';
import { UserInfoController } from './oauth/userinfo.controller';
import { UserInfoService } from './oauth/userinfo.service';
import { SYSTEM_CLOCK, type Clock } from './support/clock';
import { localCognitoStateDir } from './support/state-files';
import { UserPools } from './pools/user-pools';
import { AuthChallenges } from './users/auth-challenges';
import { WellKnownController } from './well-known.controller';

export interface LocalCognitoModuleOptions {
  /** For tests only: a clock they can move forward; the real clock otherwise. */
  clock?: Clock;
}

/**
 * The offline, Cognito-compatible identity provider, run as its own Nest application (see
 * local-cognito.server.ts): hosted UI, OAuth endpoints and the issuer's well-known documents.
 */
@Module({})
export class LocalCognitoModule implements NestModule {
  static forRoot(
    config: LocalCognitoConfig,
    options: LocalCognitoModuleOptions = {},
  ): DynamicModule {
    const clock = options.clock ?? SYSTEM_CLOCK;
    return {
      module: LocalCognitoModule,
      controllers: [
        AuthorizeController,
        LoginController,
        SignUpController,
        LogoutController,
        ErrorPageController,
        TokenController,
        UserInfoController,
        WellKnownController,
        CognitoApiController,
      ],
      providers: [
        { provide: LOCAL_COGNITO_CONFIG, useValue: config },
        { provide: LOCAL_COGNITO_CLOCK, useValue: clock },
        LocalCognitoUrls,
        { provide: UserPools, useFactory: () => UserPools.open(config, clock) },
        {
          provide: RefreshTokenStore,
          useFactory: () => RefreshTokenStore.open(localCognitoStateDir(config.dataDir), clock),
        },
        { provide: AuthChallenges, useFactory: () => new AuthChallenges(clock) },
        { provide: AuthorizationCodeStore, useFactory: () => new AuthorizationCodeStore(clock) },
        { provide: SignInSessionStore, useFactory: () => new SignInSessionStore(clock) },
        {
          provide: ClientRegistry,
          useFactory: (pools: UserPools) => new ClientRegistry(pools),
          inject: [UserPools],
        },
        { provide: FormCsrf, useFactory: () => new FormCsrf() },
        {
          provide: TokenMinter,
          useFactory: (pools: UserPools, urls: LocalCognitoUrls) =>
            new TokenMinter(pools, urls, clock),
          inject: [UserPools, LocalCognitoUrls],
        },
        {
          provide: IssuedTokenVerifier,
          useFactory: (pools: UserPools, urls: LocalCognitoUrls) =>
            new IssuedTokenVerifier(pools, urls, clock),
          inject: [UserPools, LocalCognitoUrls],
        },
        TokenService,
        RevocationService,
        UserInfoService,
        AuthorizeService,
        SignInService,
        LoginService,
        PasswordAttempts,
        SignUpService,
        LogoutService,
        ...COGNITO_API_PROVIDERS,
      ],
      exports: [LocalCognitoUrls],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(allowAnyOrigin)
      .forRoutes(
        { path: 'oauth2/token', method: RequestMethod.ALL },
        { path: 'oauth2/revoke', method: RequestMethod.ALL },
        { path: 'oauth2/userInfo', method: RequestMethod.ALL },
      );
  }
}
