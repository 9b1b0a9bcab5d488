import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../support/clock';

/** Cognito's confirmation and reset codes: six digits, valid for an hour (24 h for sign-up). */
export const RESET_CODE_TTL_MS = 60 * 60 * 1000;
export const SIGN_UP_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** Wrong guesses allowed before the code is spent. */
export const MAX_CODE_ATTEMPTS = 5;

export type CodePurpose = 'sign-up' | 'password-reset';

export type CodeCheck = 'valid' | 'mismatch' | 'expired' | 'too-many-attempts';

interface PendingCode {
  hash: Buffer;
  expiresAt: number;
  failures: number;
}

const digest = (code: string) => createHash('sha256').update(code).digest();

/**
 * The codes Cognito would mail, one per user and purpose (a new one replaces the old). In memory:
 * a restart of the local Cognito means asking for a new code.
 */
export class VerificationCodes {
  private readonly codes = new Map<string, PendingCode>();

  constructor(private readonly clock: Clock) {}

  issue(poolId: string, sub: string, purpose: CodePurpose): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const ttl = purpose === 'sign-up' ? SIGN_UP_CODE_TTL_MS : RESET_CODE_TTL_MS;
    this.codes.set(key(poolId, sub, purpose), {
      hash: digest(code),
      expiresAt: this.clock.now() + ttl,
      failures: 0,
    });
    return code;
  }

  /** Checks a code; a valid one is spent, and so is one guessed wrong too often. */
  check(poolId: string, sub: string, purpose: CodePurpose, code: string): CodeCheck {
    const id = key(poolId, sub, purpose);
    const pending = this.codes.get(id);
    if (!pending) return 'mismatch';
    if (pending.expiresAt <= this.clock.now()) {
      this.codes.delete(id);
      return 'expired';
    }
    if (timingSafeEqual(pending.hash, digest(code))) {
      this.codes.delete(id);
      return 'valid';
    }
    pending.failures += 1;
    if (pending.failures >= MAX_CODE_ATTEMPTS) {
      this.codes.delete(id);
      return 'too-many-attempts';
    }
    return 'mismatch';
  }
}

function key(poolId: string, sub: string, purpose: CodePurpose): string {
  return `${poolId} ${sub} ${purpose}`;
}
