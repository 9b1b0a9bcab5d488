import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { MemoryThrottlerStorage } from './memory-throttler-storage';
import { PgThrottlerStorage } from './pg-throttler-storage';

/** The general per-client limit, counted on every request: see `ThrottlerStorageRouter`. */
export const GENERAL_THROTTLER = 'default';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Sends each throttler's hits to the store it needs. The abuse limits (sign-in starts and callbacks)
 * must hold across instances, so they count in PostgreSQL. The general flood limit counts every
 * request of every route: in PostgreSQL it cost one upsert on one hot row per request (the
 * /api/photos profile, docs/PERFORMANCE.md), so it counts in memory, per instance, where a flood
 * limit is still meaningful (each instance protects itself).
 */
@Injectable()
export class ThrottlerStorageRouter implements ThrottlerStorage, OnApplicationShutdown {
  private readonly memory = new MemoryThrottlerStorage();

  constructor(private readonly shared: PgThrottlerStorage) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const store = throttlerName === GENERAL_THROTTLER ? this.memory : this.shared;
    return store.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.memory.stop();
  }
}
