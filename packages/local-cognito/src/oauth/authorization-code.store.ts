import { randomUUID } from 'node:crypto';
import type { Clock } from '../support/clock';

/** Cognito's fixed authorization-code lifetime (docs/COGNITO.md §2.2). */
export const AUTHORIZATION_CODE_TTL_MS = 5 * 60 * 1000;

/** What a code stands for: one successful sign-in, for one client and one redirect_uri. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  sub: string;
  /** Epoch seconds of the interactive sign-in; kept in every token minted from this grant. */
  authTime: number;
  eventId: string;
  nonce: string | undefined;
  codeChallenge: string | undefined;
}

export type Redemption =
  | { status: 'valid'; grant: CodeGrant }
  /** Presented before: the tokens it produced (if any) should be revoked (RFC 6749 §4.1.2). */
  | { status: 'replayed'; originJti: string | undefined }
  | { status: 'invalid' };

interface CodeRecord {
  grant: CodeGrant;
  expiresAt: number;
  redeemed: boolean;
  originJti: string | undefined;
}

/**
 * Authorization codes live in memory only: they last five minutes, so a restart merely makes a
 * sign-in in progress start again.
 */
export class AuthorizationCodeStore {
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly clock: Clock) {}

  issue(grant: CodeGrant): string {
    this.forgetExpired();
    const code = randomUUID();
    this.codes.set(code, {
      grant,
      expiresAt: this.clock.now() + AUTHORIZATION_CODE_TTL_MS,
      redeemed: false,
      originJti: undefined,
    });
    return code;
  }

  /** Single use: the first redemption wins, every later one is a replay, expired codes are unknown. */
  redeem(code: string): Redemption {
    const record = this.codes.get(code);
    if (!record || record.expiresAt <= this.clock.now()) return { status: 'invalid' };
    if (record.redeemed) return { status: 'replayed', originJti: record.originJti };
    record.redeemed = true;
    return { status: 'valid', grant: record.grant };
  }

  /** Remembers which token family a code produced, so a replay can revoke it. */
  recordTokens(code: string, originJti: string): void {
    const record = this.codes.get(code);
    if (record) record.originJti = originJti;
  }

  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [code, record] of this.codes) if (record.expiresAt <= now) this.codes.delete(code);
  }
}
