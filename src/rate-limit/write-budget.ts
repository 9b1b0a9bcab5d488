import { Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { RateLimitConfig } from '../config/config-slices';
import { PgThrottlerStorage } from './pg-throttler-storage';

/** The per-user write budget's window (the limit is "writes a minute"). */
export const WRITE_WINDOW_MS = 60_000;

/** The key of a user's write counter, shared by every instance. */
export function writesKey(userSub: string): string {
  return `writes:${userSub}`;
}

/** What is left of a user's writes this minute for the extra items of one request. */
export interface ExtraWrites {
  /** How many of the items asked for may go ahead (the first ones, in order). */
  granted: number;
  /** Seconds until the budget is whole again, for the items refused. */
  retryAfterSeconds: number;
}

/**
 * Writes counted per item: WriteRateLimitGuard admits a request as one write; a request that
 * carries several (an upload of N files) takes the other N - 1 here, once they are known, as far
 * as the minute's budget allows.
 */
@Injectable()
export class WriteBudget {
  constructor(
    private readonly storage: PgThrottlerStorage,
    private readonly limits: RateLimitConfig,
  ) {}

  /**
   * Counts one write of the user's (a request that changes something), or refuses it: 429 with
   * Retry-After on `res`. Called once the request is known to be the user's own (after the CSRF
   * check on forms), so that a refused forgery spends nothing.
   */
  async charge(userSub: string, res: Pick<Response, 'setHeader'>): Promise<void> {
    const record = await this.storage.increment(
      writesKey(userSub),
      WRITE_WINDOW_MS,
      this.limits.writesPerMinute,
      WRITE_WINDOW_MS,
    );
    if (record.isBlocked) {
      res.setHeader('Retry-After', String(Math.max(1, record.timeToBlockExpire)));
      throw new ThrottlerException('Too many uploads or deletes; please wait a minute.');
    }
  }

  /**
   * Counts `count` writes (at least one) of the user's at once, or refuses them all: 429 with
   * Retry-After on `res`, nothing counted. For a request that changes several things together (a
   * delete of N photos), which must go ahead whole or not at all. With no live window (the first
   * write of the minute, or the budget blocked), the first write is counted as `charge` counts a
   * request, which opens the window or refuses; the others then come out of that window.
   */
  async chargeMany(
    userSub: string,
    count: number,
    res: Pick<Response, 'setHeader'>,
  ): Promise<void> {
    const key = writesKey(userSub);
    const take = (n: number) =>
      this.storage.takeAll(key, n, this.limits.writesPerMinute, WRITE_WINDOW_MS);
    let taken = await take(Math.max(1, count));
    if (!taken.live) {
      await this.charge(userSub, res);
      taken = await take(count - 1);
    }
    if (!taken.granted) {
      res.setHeader('Retry-After', String(taken.timeToExpire));
      throw new ThrottlerException(
        `Too many uploads or deletes in one minute: ${count} photos are more than the ${this.limits.writesPerMinute} allowed. Please wait a minute, or choose fewer.`,
      );
    }
  }

  /**
   * Gives back the one write WriteRateLimitGuard counted, for a request refused before it changed
   * anything for a reason that is not the user's (the server busy): trying again costs nothing.
   */
  async refund(userSub: string): Promise<void> {
    await this.storage.giveBack(writesKey(userSub));
  }

  async takeExtra(userSub: string, count: number): Promise<ExtraWrites> {
    const { granted, timeToExpire } = await this.storage.takeUpTo(
      writesKey(userSub),
      count,
      this.limits.writesPerMinute,
      WRITE_WINDOW_MS,
    );
    return { granted, retryAfterSeconds: timeToExpire };
  }
}
