import type { TestingModule } from '@nestjs/testing';
import { PgThrottlerStorage } from '../../src/rate-limit/pg-throttler-storage';
import { sql } from '../photos/photos-test-kit';
import { TestStack } from '../support/test-stack';

const MINUTE_MS = 60_000;

/** The PostgreSQL throttler storage on the run's database: the counts every instance shares. */
describe('PgThrottlerStorage (real PostgreSQL)', () => {
  let stack: TestStack;
  let module: TestingModule;
  let storage: PgThrottlerStorage;

  beforeAll(async () => {
    stack = await TestStack.start({ startApp: false, localCognito: false });
    module = await stack.startModule();
    storage = module.get(PgThrottlerStorage);
  });

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(() => sql(stack, 'DELETE FROM rate_limit_counters'));

  it('counts concurrent hits exactly and blocks everything past the limit for the block time', async () => {
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => storage.increment('client-a', MINUTE_MS, 10, MINUTE_MS)),
    );
    expect(answers.filter((a) => !a.isBlocked)).toHaveLength(10);
    const blocked = answers.filter((a) => a.isBlocked);
    expect(blocked).toHaveLength(15);
    for (const answer of blocked) {
      expect(answer.timeToBlockExpire).toBeGreaterThan(0);
      expect(answer.timeToBlockExpire).toBeLessThanOrEqual(60);
    }
    // Another key has its own budget.
    expect((await storage.increment('client-b', MINUTE_MS, 10, MINUTE_MS)).isBlocked).toBe(false);
  });

  it('shares what is left of a window exactly among concurrent per-item takers (a batch of files)', async () => {
    // The request itself was admitted as 1 of 10; eight concurrent batches of 3 more share 9.
    await storage.increment('writes:a', MINUTE_MS, 10, MINUTE_MS);
    const taken = await Promise.all(
      Array.from({ length: 8 }, () => storage.takeUpTo('writes:a', 3, 10, MINUTE_MS)),
    );
    expect(taken.reduce((sum, answer) => sum + answer.granted, 0)).toBe(9);
    for (const answer of taken) {
      expect(answer.timeToExpire).toBeGreaterThan(0);
      expect(answer.timeToExpire).toBeLessThanOrEqual(60);
    }
    // The budget is spent: the next request is refused, and takes nothing more.
    expect((await storage.increment('writes:a', MINUTE_MS, 10, MINUTE_MS)).isBlocked).toBe(true);
    expect((await storage.takeUpTo('writes:a', 1, 10, MINUTE_MS)).granted).toBe(0);
  });

  it('never answers a wait longer than the block, even for a block set by a later-begun statement', async () => {
    // What a statement that waited on the row lock meets: a block that another statement, begun
    // after it, set a full minute past its own start (here 0.7 s past this statement's now()).
    await sql(
      stack,
      `INSERT INTO rate_limit_counters (key, hits, window_ends_at, blocked_until)
       VALUES ('client-a', 11, now() + interval '60.7 seconds', now() + interval '60.7 seconds')`,
    );
    const answer = await storage.increment('client-a', MINUTE_MS, 10, MINUTE_MS);
    expect(answer.isBlocked).toBe(true);
    expect(answer.timeToBlockExpire).toBe(60);
    expect(answer.timeToExpire).toBe(60);
  });

  it('starts a fresh window once the old one and its block have ended', async () => {
    await sql(
      stack,
      `INSERT INTO rate_limit_counters (key, hits, window_ends_at, blocked_until)
       VALUES ('client-a', 50, now() - interval '1 second', now() - interval '1 second')`,
    );
    const answer = await storage.increment('client-a', MINUTE_MS, 10, MINUTE_MS);
    expect(answer).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });
});
