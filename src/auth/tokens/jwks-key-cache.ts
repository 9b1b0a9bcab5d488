import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { JwksClient } from 'jwks-rsa';
import { InvalidTokenError } from './token-claims';

/** The JWKS cannot be fetched and no usable copy is cached: a fault on our side (503), not a bad token. */
export class JwksUnavailableError extends Error {
  constructor(reason: string) {
    super(`JWKS unavailable: ${reason}`);
    this.name = 'JwksUnavailableError';
  }
}

export interface JwksKeyCacheOptions {
  jwksUri: string;
  /** Past this age the set is refetched in the background; it keeps being served meanwhile. */
  maxAgeMs: number;
  /** Past this age (the endpoint unreachable all along) the set is no longer trusted. */
  maxStaleMs: number;
  /** After any fetch, a kid missing from the set is refused at once for this long. */
  unknownKidPenaltyMs: number;
  /** Each fetch gives up after this long. */
  timeoutMs: number;
  /** After a failed fetch, callers with nothing usable cached get 503 at once for this long. */
  retryAfterFailureMs: number;
  now?: () => number;
}

interface KeySet {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

/**
 * The signing keys of one JWKS, each kept as a ready KeyObject per kid. No outsider can starve it:
 * - a known kid is answered from memory, even past the set's age (the refetch runs in the
 *   background), so a slow or down endpoint does not stop valid tokens;
 * - an unknown kid may cause a refetch only when none ran within the penalty window, as
 *   aws-jwt-verify's SimplePenaltyBox does; otherwise it is refused at once;
 * - at most one fetch is in flight; callers that need it share it, none queue behind a limiter.
 * jwks-rsa does the HTTP fetch; its own cache and rate limiter are off, since its limiter queues
 * callers and spends one shared budget on every unknown kid (issue 8, finding 2).
 */
export class JwksKeyCache {
  private set: KeySet | undefined;
  private inFlight: Promise<KeySet> | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastAttemptFailed = false;
  private readonly client: JwksClient;
  private readonly now: () => number;

  constructor(private readonly options: JwksKeyCacheOptions) {
    this.client = new JwksClient({
      jwksUri: options.jwksUri,
      cache: false,
      rateLimit: false,
      timeout: options.timeoutMs,
    });
    this.now = options.now ?? Date.now;
  }

  /** The key for `kid` when it is cached and usable, without waiting; starts a due refresh. */
  cachedKey(kid: string): KeyObject | undefined {
    const now = this.now();
    const set = this.usableSet(now);
    const key = set?.keys.get(kid);
    if (key && now - set!.fetchedAt > this.options.maxAgeMs) this.refreshInBackground(now);
    return key;
  }

  /**
   * The key for `kid`. Throws InvalidTokenError for a kid the JWKS does not hold, and
   * JwksUnavailableError when no usable copy of the JWKS can be had.
   */
  async key(kid: string): Promise<KeyObject> {
    const cached = this.cachedKey(kid);
    if (cached) return cached;
    const now = this.now();
    const set = this.usableSet(now);
    if (set) {
      if (!this.inFlight && now - this.lastAttemptAt < this.options.unknownKidPenaltyMs)
        throw unknownKid(kid);
      // A failed refetch leaves the usable set as it was: the kid is still unknown (401).
      return keyIn(await this.fetch(now).catch(() => set), kid);
    }
    if (
      !this.inFlight &&
      this.lastAttemptFailed &&
      now - this.lastAttemptAt < this.options.retryAfterFailureMs
    )
      throw new JwksUnavailableError('the last fetch failed');
    return keyIn(await this.fetch(now), kid);
  }

  private usableSet(now: number): KeySet | undefined {
    return this.set && now - this.set.fetchedAt <= this.options.maxStaleMs ? this.set : undefined;
  }

  private refreshInBackground(now: number): void {
    if (this.inFlight || now - this.lastAttemptAt < this.options.retryAfterFailureMs) return;
    // Failures are remembered (lastAttemptFailed); the cached set keeps serving until maxStale.
    this.fetch(now).catch(() => undefined);
  }

  /** One fetch at a time: a caller arriving while one runs shares it. */
  private fetch(now: number): Promise<KeySet> {
    if (this.inFlight) return this.inFlight;
    this.lastAttemptAt = now;
    const fetching = this.download().then(
      (set) => {
        this.set = set;
        this.lastAttemptFailed = false;
        return set;
      },
      (error: unknown) => {
        this.lastAttemptFailed = true;
        throw error instanceof JwksUnavailableError
          ? error
          : new JwksUnavailableError((error as Error)?.message ?? String(error));
      },
    );
    this.inFlight = fetching;
    const done = () => {
      if (this.inFlight === fetching) this.inFlight = undefined;
    };
    fetching.then(done, done);
    return fetching;
  }

  private async download(): Promise<KeySet> {
    let timer: NodeJS.Timeout | undefined;
    // jwks-rsa's timeout is an idle-socket timeout; this bounds a trickling answer too.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new JwksUnavailableError('timed out')),
        this.options.timeoutMs,
      );
    });
    try {
      const jwks = await Promise.race<unknown>([this.client.getKeys(), deadline]);
      return { keys: signingKeys(jwks), fetchedAt: this.now() };
    } finally {
      clearTimeout(timer);
    }
  }
}

function unknownKid(kid: string): InvalidTokenError {
  return new InvalidTokenError(`signing key ${kid} not found`);
}

function keyIn(set: KeySet, kid: string): KeyObject {
  const key = set.keys.get(kid);
  if (!key) throw unknownKid(kid);
  return key;
}

/** RSA signature keys usable for RS256, by kid; anything else in the set is ignored. */
function signingKeys(jwks: unknown): Map<string, KeyObject> {
  if (!Array.isArray(jwks)) throw new JwksUnavailableError('the JWKS has no keys array');
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks as Record<string, unknown>[]) {
    if (typeof jwk?.kid !== 'string' || jwk.kty !== 'RSA') continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
    } catch {
      // A malformed key cannot verify anything; the others still can.
    }
  }
  if (keys.size === 0) throw new JwksUnavailableError('the JWKS holds no RS256 signing key');
  return keys;
}
