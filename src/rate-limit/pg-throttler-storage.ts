import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

/** How often each instance deletes counters whose window and block have both ended. */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * One statement per hit, so concurrent requests on any instance count exactly: the upsert takes
 * the row lock, starts a new fixed window when the old one ended, and starts a block when the
 * hits go over the limit. Time is the database's (`now()`), so instances' clocks do not matter.
 *
 * `now()` is when each statement's transaction began, so a statement that waited on the row lock
 * can find a window or block that a later-begun statement set: more than a full period away from
 * its own `now()`. The times it returns are capped at the period, so `Retry-After` never promises
 * a wait longer than the configured one (a burst of 60 sign-ins once answered `Retry-After: 61`).
 */
const INCREMENT = `
  INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at, blocked_until)
  VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0), NULL)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.window_ends_at <= now() THEN 1 ELSE c.hits + 1 END,
    window_ends_at = CASE WHEN c.window_ends_at <= now() THEN EXCLUDED.window_ends_at
                          ELSE c.window_ends_at END,
    blocked_until = CASE
      WHEN c.blocked_until > now() THEN c.blocked_until
      WHEN c.window_ends_at > now() AND c.hits + 1 > $3
        THEN now() + make_interval(secs => $4 / 1000.0)
      ELSE NULL END
  RETURNING c.hits,
    LEAST(ceil($2 / 1000.0), GREATEST(0, ceil(extract(epoch FROM c.window_ends_at - now()))))::int
      AS time_to_expire,
    COALESCE(LEAST(ceil($4 / 1000.0),
                   GREATEST(0, ceil(extract(epoch FROM c.blocked_until - now())))), 0)::int
      AS time_to_block_expire`;

/**
 * Takes up to $2 more hits of a live window's remaining budget ($3 minus the hits so far) and
 * says how many it took, with the window's seconds left. The row lock (FOR UPDATE) makes
 * concurrent takers on any instance share the budget exactly. A blocked, ended or missing window
 * grants nothing: it is the guard's `increment` that opens windows and blocks. (Wrapped in a
 * SELECT so the driver answers rows, as for a query, not [rows, rowCount] as for an UPDATE.)
 */
const TAKE_UP_TO = `
  WITH old AS (SELECT key, hits FROM rate_limit_counters WHERE key = $1 FOR UPDATE),
  taken AS (UPDATE rate_limit_counters AS c
  SET hits = old.hits + LEAST($2, GREATEST(0, $3 - old.hits))
  FROM old
  WHERE c.key = old.key AND c.window_ends_at > now()
    AND (c.blocked_until IS NULL OR c.blocked_until <= now())
  RETURNING c.hits - old.hits AS granted,
    LEAST(ceil($4 / 1000.0), GREATEST(1, ceil(extract(epoch FROM c.window_ends_at - now()))))::int
      AS time_to_expire)
  SELECT granted, time_to_expire FROM taken`;

/**
 * Takes exactly $2 more hits of a live, unblocked window if its remaining budget ($3 minus the
 * hits so far) holds them all, else none; `granted` says which, `live` whether there was such a
 * window, `time_to_expire` (seconds) when the budget is whole again. Locked as TAKE_UP_TO is.
 */
const TAKE_ALL = `
  WITH old AS (SELECT key, hits, window_ends_at, blocked_until,
                      window_ends_at > now() AND (blocked_until IS NULL OR blocked_until <= now())
                        AS live
               FROM rate_limit_counters WHERE key = $1 FOR UPDATE),
  taken AS (UPDATE rate_limit_counters AS c
  SET hits = old.hits + $2
  FROM old
  WHERE c.key = old.key AND old.live AND old.hits + $2 <= $3
  RETURNING c.key)
  SELECT EXISTS (SELECT 1 FROM taken) AS granted, old.live,
    LEAST(ceil($4 / 1000.0), GREATEST(1, ceil(extract(epoch FROM
      GREATEST(old.window_ends_at, COALESCE(old.blocked_until, old.window_ends_at)) - now()))))::int
      AS time_to_expire
  FROM old`;

/** One hit fewer in a live window (never below zero); a window that ended or a block stays. */
const GIVE_BACK = `
  UPDATE rate_limit_counters SET hits = hits - 1
  WHERE key = $1 AND hits > 0 AND window_ends_at > now()`;

const PRUNE = `
  DELETE FROM rate_limit_counters
  WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface CounterRow {
  hits: number;
  time_to_expire: number;
  time_to_block_expire: number;
}

/**
 * @nestjs/throttler's storage in PostgreSQL (table `rate_limit_counters`, made by a migration):
 * limits hold across every instance behind the load balancer, with no extra server to run.
 */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private pruneTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  /** `ttl` and `blockDuration` in milliseconds; times returned in seconds, as the guard expects. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    this.startPruning();
    const [row] = await this.dataSource.query<CounterRow[]>(INCREMENT, [
      key,
      ttl,
      limit,
      blockDuration,
    ]);
    const isBlocked = row.time_to_block_expire > 0;
    return {
      totalHits: row.hits,
      timeToExpire: row.time_to_expire,
      isBlocked,
      timeToBlockExpire: isBlocked ? row.time_to_block_expire : 0,
    };
  }

  /**
   * Up to `count` more hits in the key's current window, as many as its `limit` leaves; `granted`
   * says how many were taken, `timeToExpire` (seconds) when the window ends. For limits counted
   * per item (a batch of files) after `increment` admitted the request itself.
   */
  async takeUpTo(
    key: string,
    count: number,
    limit: number,
    ttl: number,
  ): Promise<{ granted: number; timeToExpire: number }> {
    if (count <= 0) return { granted: 0, timeToExpire: 0 };
    const rows = await this.dataSource.query<{ granted: number; time_to_expire: number }[]>(
      TAKE_UP_TO,
      [key, count, limit, ttl],
    );
    const [row] = rows;
    return row
      ? { granted: row.granted, timeToExpire: row.time_to_expire }
      : { granted: 0, timeToExpire: Math.ceil(ttl / 1000) };
  }

  /**
   * Exactly `count` more hits in the key's current window, or none when its `limit` does not
   * leave room for all of them (a request that must be refused whole rather than in part).
   * `live` is false when there is no current window (none yet, ended, or blocked): nothing is
   * taken then, and it is for `increment` to open one.
   */
  async takeAll(
    key: string,
    count: number,
    limit: number,
    ttl: number,
  ): Promise<{ granted: boolean; live: boolean; timeToExpire: number }> {
    if (count <= 0) return { granted: true, live: true, timeToExpire: 0 };
    const [row] = await this.dataSource.query<
      { granted: boolean; live: boolean; time_to_expire: number }[]
    >(TAKE_ALL, [key, count, limit, ttl]);
    return row
      ? { granted: row.granted, live: row.live, timeToExpire: row.time_to_expire }
      : { granted: false, live: false, timeToExpire: Math.ceil(ttl / 1000) };
  }

  /** Takes back one hit `increment` counted, for a request refused before it did anything. */
  async giveBack(key: string): Promise<void> {
    await this.dataSource.query(GIVE_BACK, [key]);
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  private startPruning(): void {
    if (this.pruneTimer) return;
    this.pruneTimer = setInterval(() => {
      this.dataSource.query(PRUNE).catch(() => undefined); // best effort: the next round retries
    }, PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }
}
