import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../../common/clock';
import { AuthResilienceConfig } from '../../config/config-slices';
import { CognitoTokenClient, CognitoTokenError } from '../tokens/cognito-token.client';
import type { AccessTokenClaims } from '../tokens/token-claims';

/**
 * What Cognito says of an access token's sign-in: `active` (userInfo answered it), `revoked`
 * (userInfo refused a token well within its lifetime: its refresh token was revoked or the user
 * signed out globally), `refused` (refused at the very end of its life: clock skew, not a
 * revocation, so only this request is refused) or `unverified` (Cognito could not be asked).
 */
export type SignInStatus = 'active' | 'revoked' | 'refused' | 'unverified';

/** The longest an API write waits for userInfo before going ahead on the denylist alone. */
export const USERINFO_TIMEOUT_MS = 2_000;
/**
 * After userInfo failed to answer, writes stop asking it for this long: during an outage, one
 * write in this interval pays the timeout, not every one.
 */
export const OUTAGE_BACKOFF_MS = 10_000;
/**
 * A refusal this close to the token's expiry may be Cognito's clock being ahead of ours (we
 * accept 5 s past `exp`); ending the whole sign-in for it would also stop its refreshed tokens.
 */
const EXPIRY_MARGIN_MS = 30_000;
/** Answers kept (about 100 bytes each); the oldest go first when full. */
const ANSWERS_KEPT = 10_000;

interface Answer {
  status: 'active' | 'revoked';
  /** Clock time from which the answer no longer stands. */
  until: number;
}

/**
 * Asks Cognito's userInfo whether an access token's sign-in is still on (docs/COGNITO.md §5, §6:
 * revoked tokens still pass offline checks; only Cognito's endpoints refuse them). Answers are
 * kept per sign-in (`origin_jti`; `jti`, or the token's hash, for tokens without one) for
 * REVOCATION_CHECK_SECONDS, so each instance asks again within that time; concurrent writes of one
 * sign-in share one question. When Cognito cannot be reached the answer is `unverified`: the
 * caller lets the write through (fail open, README "Signing out", docs/SECURITY.md).
 */
@Injectable()
export class CognitoSignInCheck {
  private readonly logger = new Logger('Revocation');
  private readonly answers = new Map<string, Answer>();
  private readonly asking = new Map<string, Promise<SignInStatus>>();
  private readonly answerMs: number;
  /** Clock time until which Cognito is taken as unreachable and not asked. */
  private unreachableUntil = 0;
  private inOutage = false;

  constructor(
    private readonly cognito: CognitoTokenClient,
    private readonly clock: Clock,
    resilience: AuthResilienceConfig,
  ) {
    this.answerMs = resilience.revocationCheckSeconds * 1000;
  }

  status(accessToken: string, claims: AccessTokenClaims): Promise<SignInStatus> {
    const key = answerKey(accessToken, claims);
    const now = this.clock.now();
    const known = this.answers.get(key);
    if (known && known.until > now) return Promise.resolve(known.status);
    if (now < this.unreachableUntil) return Promise.resolve('unverified');
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.ask(key, accessToken, claims).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }

  private async ask(
    key: string,
    accessToken: string,
    claims: AccessTokenClaims,
  ): Promise<SignInStatus> {
    try {
      await this.cognito.userInfo(accessToken, USERINFO_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof CognitoTokenError && error.httpStatus === 401) {
        this.cameBack();
        return this.refused(key, claims);
      }
      this.wentAway(error as Error);
      return 'unverified';
    }
    this.cameBack();
    this.remember(key, { status: 'active', until: this.clock.now() + this.answerMs });
    return 'active';
  }

  private refused(key: string, claims: AccessTokenClaims): SignInStatus {
    const expiresAt = claims.exp * 1000;
    if (expiresAt - this.clock.now() <= EXPIRY_MARGIN_MS) return 'refused';
    // Revoked for good: nothing to ask again while the token lives.
    this.remember(key, { status: 'revoked', until: expiresAt });
    return 'revoked';
  }

  private remember(key: string, answer: Answer): void {
    this.answers.delete(key);
    if (this.answers.size >= ANSWERS_KEPT) {
      const oldest = this.answers.keys().next();
      if (!oldest.done) this.answers.delete(oldest.value);
    }
    this.answers.set(key, answer);
  }

  /** Timeout, network error, 5xx, 429 or any answer that is not a refusal of the token. */
  private wentAway(error: Error): void {
    this.unreachableUntil = this.clock.now() + OUTAGE_BACKOFF_MS;
    if (this.inOutage) return;
    this.inOutage = true;
    const status = error instanceof CognitoTokenError ? error.httpStatus : undefined;
    const what = status ? `answered HTTP ${status}` : 'did not answer in time';
    this.logger.warn(
      `Cognito userInfo ${what}: API writes are checked against the denylist only until it answers`,
    );
  }

  private cameBack(): void {
    if (!this.inOutage) return;
    this.inOutage = false;
    this.logger.log('Cognito userInfo answers again; API writes are checked there again');
  }
}

/** One sign-in's key: its origin_jti; else the token's own jti; else a hash of the token. */
function answerKey(accessToken: string, claims: AccessTokenClaims): string {
  if (claims.origin_jti) return `origin:${claims.origin_jti}`;
  if (typeof claims.jti === 'string' && claims.jti) return `jti:${claims.jti}`;
  return `token:${createHash('sha256').update(accessToken).digest('base64url')}`;
}
