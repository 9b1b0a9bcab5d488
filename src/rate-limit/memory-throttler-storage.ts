import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often expired counters are dropped, so idle clients do not hold memory. */
const SWEEP_INTERVAL_MS = 60_000;

interface Counter {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/**
 * The throttler's counters in this process's memory, as fixed windows: the same rule as
 * PgThrottlerStorage's upsert (a new window when the old one ended, a block when a window's hits go
 * over the limit), in O(1) per request. @nestjs/throttler's own ThrottlerStorageService keeps one
 * timestamp per hit and filters them all on every request (and spreads them into Math.min), so its
 * cost and garbage grow with each client's traffic over the last window.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private sweepTimer?: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {}

  /** `ttl` and `blockDuration` in milliseconds; times returned in seconds, as the guard expects. */
  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    this.startSweeping();
    const now = this.now();
    let counter = this.counters.get(key);
    if (!counter || counter.windowEndsAt <= now) {
      const blockedUntil = counter && counter.blockedUntil > now ? counter.blockedUntil : 0;
      counter = { hits: 1, windowEndsAt: now + ttl, blockedUntil };
      this.counters.set(key, counter);
    } else {
      counter.hits++;
      if (counter.blockedUntil <= now && counter.hits > limit)
        counter.blockedUntil = now + blockDuration;
    }
    const timeToBlockExpire = Math.max(0, Math.ceil((counter.blockedUntil - now) / 1000));
    return Promise.resolve({
      totalHits: counter.hits,
      timeToExpire: Math.max(0, Math.ceil((counter.windowEndsAt - now) / 1000)),
      isBlocked: timeToBlockExpire > 0,
      timeToBlockExpire,
    });
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  private startSweeping(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, counter] of this.counters)
      if (counter.windowEndsAt <= now && counter.blockedUntil <= now) this.counters.delete(key);
  }
}
