import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AuthResilienceConfig } from '../../config/config-slices';
import { SessionTokens } from '../session/session-data';
import { CognitoTokenClient, CognitoTokenError } from '../tokens/cognito-token.client';
import { RefreshTokenCipher } from '../tokens/refresh-token.cipher';
import type { AccessTokenClaims } from '../tokens/token-claims';
import { CognitoSignInCheck } from './cognito-sign-in-check';
import { RevocationRepository } from './revocation.repository';

/** Cognito's longest access-token lifetime: no token of a revoked sign-in outlives this. */
const LONGEST_ACCESS_TOKEN_MS = 24 * 60 * 60 * 1000;
/** Cognito's longest refresh-token lifetime: past it, a revoke has nothing left to do. */
const LONGEST_REFRESH_TOKEN_MS = 10 * 365 * 24 * 60 * 60 * 1000;
const BATCH = 20;

/**
 * Ends sign-ins everywhere: the sign-in's origin_jti goes on a denylist every instance checks
 * before an API write (with Cognito's own word, hasEnded), and its refresh token is revoked at Cognito, now or, when Cognito cannot
 * be reached, by a timer that retries until Cognito confirms.
 */
@Injectable()
export class SignInRevocations implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Revocation');
  private timer: NodeJS.Timeout | undefined;
  private retrying: Promise<void> | undefined;
  private readonly retryMs: number;

  constructor(
    private readonly repository: RevocationRepository,
    private readonly tokenClient: CognitoTokenClient,
    private readonly cipher: RefreshTokenCipher,
    private readonly cognitoCheck: CognitoSignInCheck,
    resilience: AuthResilienceConfig,
  ) {
    this.retryMs = resilience.revocationRetrySeconds * 1000;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.retryPending(), this.retryMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.retrying;
  }

  /**
   * Whether the sign-in an access token was minted from has ended, for an API write: on the
   * shared denylist (signed out here, a refused refresh, or learnt from Cognito by any instance),
   * or refused by Cognito's userInfo (its refresh token revoked there, or a global sign-out). What
   * Cognito refuses goes on the denylist, so every instance refuses it at once. When Cognito
   * cannot be asked, the denylist's answer stands (fail open; CognitoSignInCheck says why).
   */
  async hasEnded(accessToken: string, claims: AccessTokenClaims): Promise<boolean> {
    if (claims.origin_jti && (await this.repository.isOriginDenied(claims.origin_jti))) return true;
    // Every API route needs openid (ScopesGuard, 403 after this), and userInfo refuses tokens
    // without it: that refusal would read as a revocation.
    if (!(claims.scope ?? '').split(' ').includes('openid')) return false;
    const status = await this.cognitoCheck.status(accessToken, claims);
    if (status === 'revoked' && claims.origin_jti) await this.deny(claims.origin_jti);
    return status === 'revoked' || status === 'refused';
  }

  /**
   * Ends a sign-in: never throws, since the session is gone either way; what could not be done
   * now is logged, and a revoke Cognito did not answer is queued for the timer.
   */
  async revoke(tokens: SessionTokens): Promise<void> {
    if (tokens.originJti) await this.deny(tokens.originJti);
    const outcome = await this.revokeAtCognito(tokens.refreshToken);
    if (outcome === 'retry') {
      await this.repository
        .queue(tokens.refreshToken)
        .then(() => this.logger.warn('Refresh token revocation failed; queued for a retry'))
        .catch((error: Error) =>
          this.logger.error(
            `Refresh token revocation failed and could not be queued: ${error.message}`,
          ),
        );
    }
  }

  /** Never throws: a write refused for this request is refused either way. */
  private async deny(originJti: string): Promise<void> {
    await this.repository
      .denyOrigin(originJti, new Date(Date.now() + LONGEST_ACCESS_TOKEN_MS))
      .catch((error: Error) => this.logger.error(`Denylist write failed: ${error.message}`));
  }

  /** One pass over the queue (the timer calls it; so can a test). */
  retryPending(): Promise<void> {
    this.retrying ??= this.retryDue().finally(() => (this.retrying = undefined));
    return this.retrying;
  }

  private async retryDue(): Promise<void> {
    try {
      await this.repository.pruneExpired();
      for (const pending of await this.repository.claimDue(BATCH, this.retryMs)) {
        const outcome = await this.revokeAtCognito(pending.refreshToken);
        const tooOld = Date.now() - pending.createdAt.getTime() > LONGEST_REFRESH_TOKEN_MS;
        if (outcome !== 'retry' || tooOld) await this.repository.remove(pending.id);
        if (outcome === 'done')
          this.logger.log(`Queued revocation done (attempt ${pending.attempts})`);
      }
    } catch (error) {
      this.logger.warn(`Revocation retry pass failed: ${(error as Error).message}`);
    }
  }

  /** 'done' when Cognito confirmed, 'give-up' when retrying cannot help, 'retry' otherwise. */
  private async revokeAtCognito(ciphertext: string): Promise<'done' | 'give-up' | 'retry'> {
    let refreshToken: string;
    try {
      refreshToken = this.cipher.decrypt(ciphertext);
    } catch {
      this.logger.warn('Refresh token cannot be decrypted (secret changed?); not revoked');
      return 'give-up';
    }
    try {
      await this.tokenClient.revoke(refreshToken);
      return 'done';
    } catch (error) {
      if (error instanceof CognitoTokenError && error.rejected) {
        this.logger.warn(`Refresh token revocation refused: ${error.message}`);
        return 'give-up';
      }
      return 'retry';
    }
  }
}
