import type { KeyObject } from 'node:crypto';
import type { JwtClaims } from './token-claims';

/** What a token's verification established, for later calls with the same token. */
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
 *
 * A token is kept from its second verification only, when that comes before `capacity` other
 * tokens were verified for the first time: its first one leaves a fingerprint in a fixed array
 * (which forgets it sooner when another token's lands in the same slot).
 * Keeping every token at once cost a sixth of the verifier's time when tokens are seen once
 * (each entry outlived a young-generation collection, to be evicted unused from the old one).
 *
 * A Map, not lru-cache: with lru-cache 11 holding the entries (`max: capacity`, read with `peek`
 * so the eviction order stays the same), a hit took 1.3× as long (0.77× the hits per second,
 * 0.66–0.94 over two rounds; `get`, which reorders, 0.29×), and hits are this cache's whole
 * point (docs/PERFORMANCE.md, "Libraries").
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedToken>();
  /** A fingerprint of a token verified once, by slot, and the count of first verifications then. */
  private readonly fingerprints: Int32Array;
  private readonly seenAt: Float64Array;
  private firstVerifications = 0;

  constructor(private readonly capacity: number) {
    // Twice as many slots as tokens remembered, so few fingerprints are overwritten in time.
    const slots = capacity > 0 ? 2 ** Math.ceil(Math.log2(capacity * 2)) : 0;
    this.fingerprints = new Int32Array(slots);
    this.seenAt = new Float64Array(slots).fill(Number.NEGATIVE_INFINITY);
  }

  get(token: string, now: number): VerifiedToken | undefined {
    const entry = this.entries.get(token);
    if (entry && now >= entry.refusedFromMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  /** Offers a token just verified: kept if it was verified once lately, else only remembered. */
  set(token: string, entry: VerifiedToken): void {
    if (this.capacity <= 0 || !this.verifiedLately(token)) return;
    if (this.entries.size >= this.capacity) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(token, entry);
  }

  /**
   * Whether `token` was offered before, with fewer than `capacity` first verifications of other
   * tokens since; if not, this one is remembered. A fingerprint overwritten by another token's
   * only delays keeping it.
   */
  private verifiedLately(token: string): boolean {
    const print = fingerprint(token);
    const slot = print & (this.fingerprints.length - 1);
    if (
      this.fingerprints[slot] === print &&
      this.firstVerifications - this.seenAt[slot] <= this.capacity
    )
      return true;
    this.fingerprints[slot] = print;
    this.seenAt[slot] = this.firstVerifications++;
    return false;
  }
}

/**
 * FNV-1a of the token's last characters: the end of its RSA signature, which no two tokens share
 * by chance. A collision only keeps a token one verification early; hits still match the whole text.
 */
function fingerprint(token: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = Math.max(0, token.length - 8); i < token.length; i++)
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return hash;
}
