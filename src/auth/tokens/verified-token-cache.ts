import type { KeyObject } from 'node:crypto';
import type { JwtClaims } from './token-claims';

/** What a token's first verification established, for later calls with the same token. */
export interface VerifiedToken {
  claims: JwtClaims;
  kid: string;
  /** The key that verified it: a hit counts only while the JWKS still holds this very key. */
  key: KeyObject;
  /** The first instant (epoch ms) at which the verifier would refuse it as expired. */
  refusedFromMs: number;
}

/**
 * Tokens whose signature and standard claims were verified, by their exact text. API clients send
 * the same access token for up to an hour, so most requests skip the RSA check. An entry is never
 * used from the instant its token expires (the same rule as the verifier's, clock tolerance
 * included), and the oldest entries make room for new ones. Failures are never kept.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly capacity: number) {}

  get(token: string, now: number): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (entry && now >= entry.refusedFromMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, entry: VerifiedToken): void {
    if (this.capacity <= 0) return;
    if (this.entries.size >= this.capacity) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(token, entry);
  }
}
