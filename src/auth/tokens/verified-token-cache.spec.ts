import { generateKeyPairSync } from 'node:crypto';
import { VerifiedTokenCache, type VerifiedToken } from './verified-token-cache';

const { publicKey } = generateKeyPairSync('ed25519');
const NOW = 1_800_000_000_000;
const entry = (sub: string): VerifiedToken => ({
  claims: { sub },
  kid: 'k',
  key: publicKey,
  refusedFromMs: NOW + 60_000,
});
/** Distinct token texts, as distinct as signatures are at their end. */
const token = (i: number) => `header.payload.signature-${i.toString(36).padStart(6, '0')}`;

describe('VerifiedTokenCache', () => {
  it('keeps a token from its second verification, not its first', () => {
    const cache = new VerifiedTokenCache(100);
    cache.set(token(1), entry('once'));
    expect(cache.get(token(1), NOW)).toBeUndefined();
    cache.set(token(1), entry('twice'));
    expect(cache.get(token(1), NOW)?.claims).toEqual({ sub: 'twice' });
  });

  /** How many of `count` distinct tokens, each offered once and then once again, are kept. */
  function keptOfACycle(cache: VerifiedTokenCache, count: number): number {
    for (let pass = 0; pass < 2; pass++)
      for (let i = 0; i < count; i++) cache.set(token(i), entry(`${i}`));
    return Array.from({ length: count }, (_, i) => cache.get(token(i), NOW)).filter(Boolean).length;
  }

  it('keeps most tokens verified again before `capacity` others were verified first', () => {
    // Each is seen again after 99 others; a few lose their fingerprint to another's slot.
    expect(keptOfACycle(new VerifiedTokenCache(100), 100)).toBeGreaterThan(50);
  });

  it('keeps no token seen again only after `capacity` others were verified first', () => {
    // Each is seen again after 100 others, as the bench's unique tokens are after 5,999.
    expect(keptOfACycle(new VerifiedTokenCache(100), 101)).toBe(0);
  });

  it('makes room by dropping the oldest entry, and never answers an expired one', () => {
    const cache = new VerifiedTokenCache(2);
    for (const i of [1, 2, 3])
      for (let twice = 0; twice < 2; twice++) cache.set(token(i), entry(`${i}`));
    expect(cache.get(token(1), NOW)).toBeUndefined();
    expect(cache.get(token(2), NOW)?.claims).toEqual({ sub: '2' });
    expect(cache.get(token(3), NOW + 60_000 - 1)?.claims).toEqual({ sub: '3' });
    expect(cache.get(token(3), NOW + 60_000)).toBeUndefined();
  });
});
