import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Clock } from '../../common/clock';
import { AuthResilienceConfig, SessionConfig } from '../../config/config-slices';
import { AuthService, RefreshRejectedError, SignedIn } from '../auth.service';
import { InvalidTokenError } from '../tokens/token-claims';
import { SessionTokens } from './session-data';
import { endSession } from './session-lifecycle';

/** Refresh a little before expiry, so no request runs on tokens that expire mid-flight. */
const REFRESH_MARGIN_MS = 2_000;
/** How long a finished refresh is handed to late requests that carry the same old tokens. */
const SHARE_REFRESH_MS = 10_000;

/**
 * Keeps a signed-in session's tokens fresh: once they expire, the next request refreshes them
 * with the refresh token. When that is refused (revoked, expired) or the session passed its
 * absolute limit, the session ends and the request carries on signed out.
 */
@Injectable()
export class SessionRefreshMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Session');
  private readonly absoluteMs: number;
  private readonly outageGraceMs: number;
  private readonly inFlight = new Map<string, Promise<SignedIn>>();

  constructor(
    private readonly auth: AuthService,
    session: SessionConfig,
    resilience: AuthResilienceConfig,
    private readonly clock: Clock,
  ) {
    this.absoluteMs = session.absoluteTimeoutSeconds * 1000;
    this.outageGraceMs = resilience.refreshOutageGraceSeconds * 1000;
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
    const now = this.clock.now();
    if (now - tokens.signedInAt > this.absoluteMs) {
      this.logger.log('Session reached its absolute limit; signed out');
      return endSession(req, res);
    }
    if (now < tokens.expiresAt - REFRESH_MARGIN_MS) return;
    try {
      const refreshed = await this.refreshOnce(req.sessionID, { user, tokens });
      req.session.user = refreshed.user;
      req.session.tokens = refreshed.tokens;
    } catch (error) {
      if (error instanceof RefreshRejectedError || error instanceof InvalidTokenError) {
        this.logger.log(`Token refresh refused (${error.message}); signed out`);
        return this.signOut(req, res, tokens);
      }
      // Cognito unreachable: keep the session for a bounded grace, trying again on each request.
      if (now - tokens.expiresAt > this.outageGraceMs) {
        this.logger.warn(
          `Token refresh failed for longer than the outage grace (${(error as Error).message}); signed out`,
        );
        return this.signOut(req, res, tokens);
      }
      this.logger.warn(`Token refresh failed: ${(error as Error).message}`);
    }
  }

  /** Ends the session here and the sign-in everywhere (its revoke is queued if Cognito is out). */
  private async signOut(req: Request, res: Response, tokens: SessionTokens): Promise<void> {
    await endSession(req, res);
    await this.auth.endSignIn(tokens);
  }

  /**
   * A page and its thumbnails arrive together; when the tokens have just expired they would each
   * refresh. Requests carrying the same expired tokens of one session share one refresh, including
   * stragglers that loaded the session just before the first refresh was saved.
   */
  private refreshOnce(sessionId: string, current: SignedIn): Promise<SignedIn> {
    const key = `${sessionId}:${current.tokens.expiresAt}`;
    const shared = this.inFlight.get(key);
    if (shared) return shared;
    const refresh = this.auth.refresh(current);
    this.inFlight.set(key, refresh);
    const forget = () => setTimeout(() => this.inFlight.delete(key), SHARE_REFRESH_MS).unref();
    refresh.then(forget, forget);
    return refresh;
  }
}
