import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CsrfGuard } from './csrf/csrf.guard';
import { CsrfInterceptor } from './csrf/csrf.interceptor';
import { CsrfService } from './csrf/csrf.service';
import { AuthExceptionFilter } from './http/auth-exception.filter';
import { BearerAuthGuard } from './guards/bearer-auth.guard';
import { ScopesGuard } from './guards/scopes.guard';
import { SessionAuthGuard } from './guards/session-auth.guard';
import { CognitoCallbackGuard } from './login/cognito-callback.guard';
import { CognitoLoginGuard } from './login/cognito-login.guard';
import { CognitoStrategy } from './login/cognito.strategy';
import { LoginTransactionStore } from './login/login-transaction.store';
import { MeController } from './me/me.controller';
import { MeService } from './me/me.service';
import { CognitoSignInCheck } from './revocation/cognito-sign-in-check';
import { RevocationRepository } from './revocation/revocation.repository';
import { SignInRevocations } from './revocation/sign-in-revocations';
import { SESSIONLESS_ROUTES, SessionHandler } from './session/session-handler';
import { SessionRefreshMiddleware } from './session/session-refresh.middleware';
import { ViewLocalsMiddleware } from './session/view-locals.middleware';
import { CognitoTokenClient } from './tokens/cognito-token.client';
import { RefreshTokenCipher } from './tokens/refresh-token.cipher';
import { TokenVerifier } from './tokens/token-verifier.service';

@Module({
  imports: [PassportModule.register({ session: false })],
  controllers: [AuthController, MeController],
  providers: [
    AuthService,
    CognitoStrategy,
    CognitoLoginGuard,
    CognitoCallbackGuard,
    LoginTransactionStore,
    CognitoTokenClient,
    TokenVerifier,
    RefreshTokenCipher,
    SessionHandler,
    SessionAuthGuard,
    BearerAuthGuard,
    ScopesGuard,
    CsrfService,
    CsrfInterceptor,
    CsrfGuard,
    MeService,
    RevocationRepository,
    CognitoSignInCheck,
    SignInRevocations,
    // This module's errors in HTTP, app-wide (guards of other modules' routes throw them).
    { provide: APP_FILTER, useClass: AuthExceptionFilter },
  ],
  exports: [
    SessionHandler,
    SessionAuthGuard,
    BearerAuthGuard,
    ScopesGuard,
    CsrfService,
    CsrfInterceptor,
    CsrfGuard,
    TokenVerifier,
    CognitoTokenClient,
    SignInRevocations,
  ],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The session itself is mounted by the app builder, before any route; these need it.
    // The API and health checks never have a session (session-handler.ts) and answer JSON only.
    consumer
      .apply(SessionRefreshMiddleware, ViewLocalsMiddleware)
      .exclude(
        ...SESSIONLESS_ROUTES.map((route) => ({
          method: RequestMethod.ALL,
          path: `${route}/*path`,
        })),
      )
      .forRoutes('*');
  }
}
