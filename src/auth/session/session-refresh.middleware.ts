import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { AuthService, RefreshRejectedError } from '../auth.service';
import { InvalidTokenError } from '../tokens/token-claims';
import { endSession } from './session-lifecycle';

/** Refresh a little before expiry, so no request runs on tokens that expire mid-flight. */
const REFRESH_MARGIN_MS = 2_000;

/**
 * Keeps a signed-in session's tokens fresh: once they expire, the next request refreshes them
 * with the refresh token. When that is refused (revoked, expired) or the session passed its
 * absolute limit, the session ends and the request carries on signed out.
 */
@Injectable()
export class SessionRefreshMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Session');
  private readonly absoluteMs: number;

  constructor(
    private readonly auth: AuthService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.absoluteMs = config.get('session', { infer: true }).absoluteTimeoutSeconds * 1000;
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      await this.keepFresh(req, res);
      next();
    } catch (error) {
      next(error);
    }
  }

  private async keepFresh(req: Request, res: Response): Promise<void> {
    const { user, tokens } = req.session ?? {};
    if (!user || !tokens) return;
    const now = Date.now();
    if (now - tokens.signedInAt > this.absoluteMs) {
      this.logger.log('Session reached its absolute limit; signed out');
      return endSession(req, res);
    }
    if (now < tokens.expiresAt - REFRESH_MARGIN_MS) return;
    try {
      const refreshed = await this.auth.refresh({ user, tokens });
      req.session.user = refreshed.user;
      req.session.tokens = refreshed.tokens;
    } catch (error) {
      if (error instanceof RefreshRejectedError || error instanceof InvalidTokenError) {
        this.logger.log(`Token refresh refused (${error.message}); signed out`);
        return endSession(req, res);
      }
      // Cognito unreachable: keep the session and try again on the next request.
      this.logger.warn(`Token refresh failed: ${(error as Error).message}`);
    }
  }
}
