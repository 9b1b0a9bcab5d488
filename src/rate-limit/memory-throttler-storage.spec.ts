import { MemoryThrottlerStorage } from './memory-throttler-storage';

describe('MemoryThrottlerStorage', () => {
  let now: number;
  let storage: MemoryThrottlerStorage;
  const hit = (key = 'client-a') => storage.increment(key, 60_000, 3, 30_000);

  beforeEach(() => {
    now = 1_000_000;
    storage = new MemoryThrottlerStorage(() => now);
  });
  afterEach(() => storage.stop());

  it('counts hits in a fixed window and blocks the first one over the limit', async () => {
    for (const expected of [1, 2, 3])
      await expect(hit()).resolves.toMatchObject({ totalHits: expected, isBlocked: false });
    await expect(hit()).resolves.toEqual({
      totalHits: 4,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    await expect(hit('client-b')).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a new window once the old one ended', async () => {
    for (let i = 0; i < 3; i++) await hit();
    now += 59_999;
    await expect(hit()).resolves.toMatchObject({ totalHits: 4, timeToExpire: 1 });
    now += 1;
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, timeToExpire: 60 });
  });

  it('keeps a block for its whole duration, even into the next window', async () => {
    const longBlock = () => storage.increment('client-a', 10_000, 1, 25_000);
    await longBlock();
    await expect(longBlock()).resolves.toMatchObject({ isBlocked: true, timeToBlockExpire: 25 });
    now += 10_000; // the window ended, the block has 15 s left
    await expect(longBlock()).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: true,
      timeToBlockExpire: 15,
    });
    now += 15_000;
    await expect(longBlock()).resolves.toMatchObject({ isBlocked: false });
  });
});
