import { ShareHashingBusyError } from './share-errors';
import { hashSharePassword, verifySharePassword } from './share-password';
import { SHARE_HASHES_WAITING, ShareHashingQueue } from './share-hashing-queue';

/** A job that records how many jobs run at once and finishes when `release` is called. */
function gate() {
  let running = 0;
  let peak = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const job = async () => {
    running++;
    peak = Math.max(peak, running);
    await released;
    await new Promise((resolve) => setImmediate(resolve));
    running--;
    return 'done';
  };
  return { job, release, peak: () => peak };
}

describe('ShareHashingQueue', () => {
  it('runs one hash at a time, 32 waiting, and refuses the rest at once', async () => {
    const queue = new ShareHashingQueue();
    const { job, release, peak } = gate();
    const outcomes = Array.from({ length: 40 }, () => queue.run(job));
    const settled = outcomes.map((outcome) =>
      outcome.then(
        () => 'ran',
        (error: unknown) => (error instanceof ShareHashingBusyError ? 'busy' : 'failed'),
      ),
    );
    // Refused before any job has finished: nothing waits to be told "busy".
    const early = await Promise.race([
      Promise.all(settled.slice(33)),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 50)),
    ]);
    expect(early).toEqual(Array.from({ length: 7 }, () => 'busy'));
    expect(queue.load).toEqual({ running: 1, waiting: SHARE_HASHES_WAITING });
    release();
    expect(await Promise.all(settled)).toEqual([
      ...Array.from({ length: 33 }, () => 'ran'),
      ...Array.from({ length: 7 }, () => 'busy'),
    ]);
    expect(peak()).toBe(1);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('runs the waiting jobs in arrival order', async () => {
    const queue = new ShareHashingQueue(1, 5);
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        queue.run(async () => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          order.push(n);
        }),
      ),
    );
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('counts a place taken with enter until it is run or left, and leaving twice is harmless', async () => {
    const queue = new ShareHashingQueue(1, 1);
    const first = queue.enter();
    const second = queue.enter();
    expect(() => queue.enter()).toThrow(ShareHashingBusyError);
    expect(queue.load).toEqual({ running: 0, waiting: 2 });
    first.leave();
    first.leave();
    expect(queue.load).toEqual({ running: 0, waiting: 1 });
    await expect(second.run(() => Promise.resolve('ran'))).resolves.toBe('ran');
    second.leave(); // after run: nothing more to give back
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
    await expect(queue.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('frees its place when a job fails', async () => {
    const queue = new ShareHashingQueue(1, 0);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(() => Promise.resolve('next'))).resolves.toBe('next');
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('lets no newcomer in between a finished job and the next in line', async () => {
    const queue = new ShareHashingQueue(1, 5);
    let running = 0;
    let peak = 0;
    const job = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    let finish!: () => void;
    const first = queue.run(() => new Promise<void>((resolve) => (finish = resolve)));
    const waiting = queue.run(job);
    await new Promise((resolve) => setImmediate(resolve)); // the first job has started
    finish();
    // Runs after the first job's end is seen, before the waiting job has woken up.
    let newcomer: Promise<void> | undefined;
    queueMicrotask(() => {
      newcomer = queue.run(job);
    });
    await Promise.all([first, waiting]);
    await newcomer;
    expect(peak).toBe(1);
  });

  it('hashes and checks real link passwords through it, one scrypt at a time', async () => {
    const queue = new ShareHashingQueue();
    const hash = await queue.run(() => hashSharePassword('correct horse battery'));
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, queue.load.running)), 1);
    const spray = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        queue.run(() => verifySharePassword('wrong password', hash)),
      ),
    );
    clearInterval(sample);
    const refused = spray.filter(
      (r) => r.status === 'rejected' && r.reason instanceof ShareHashingBusyError,
    );
    expect(peak).toBe(1);
    expect(refused).toHaveLength(7);
    expect(spray.filter((r) => r.status === 'fulfilled').every((r) => !r.value)).toBe(true);
    await expect(queue.run(() => verifySharePassword('correct horse battery', hash))).resolves.toBe(
      true,
    );
  });
});
