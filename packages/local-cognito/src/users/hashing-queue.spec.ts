import { HashingQueue, PasswordHashingBusyError } from './hashing-queue';
import { hashPassword, passwordHashing, verifyPassword } from './password-hash';

describe('HashingQueue', () => {
  it('runs at most `concurrency` jobs at once and the waiting ones in arrival order', async () => {
    const queue = new HashingQueue(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(n);
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => queue.run(job(n))));
    expect(results).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5, 6]);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once, without queueing, when the queue is full', async () => {
    const queue = new HashingQueue(1, 2);
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const accepted = [1, 2, 3].map(() => queue.run(() => blocker));
    await expect(queue.run(() => Promise.resolve('late'))).rejects.toBeInstanceOf(
      PasswordHashingBusyError,
    );
    expect(queue.load).toEqual({ running: 1, waiting: 2 });
    release();
    await Promise.all(accepted);
    await expect(queue.run(() => Promise.resolve('after'))).resolves.toBe('after');
  });

  it('lets no newcomer in between a finished job and the next in line', async () => {
    const queue = new HashingQueue(1, 5);
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

  it('frees its slot when a job fails', async () => {
    const queue = new HashingQueue(1, 1);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('password hashing under a spray', () => {
  it('checks one password at a time and turns away what the queue cannot hold', async () => {
    const hash = await hashPassword('correct horse battery staple');
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, passwordHashing.load.running)), 1);
    const spray = await Promise.allSettled(
      Array.from({ length: 40 }, () => verifyPassword('wrong password', hash)),
    );
    clearInterval(sample);
    const refused = spray.filter(
      (r) => r.status === 'rejected' && r.reason instanceof PasswordHashingBusyError,
    );
    expect(peak).toBe(1);
    expect(refused.length).toBe(40 - 33); // one running, 32 waiting
    expect(spray.filter((r) => r.status === 'fulfilled').every((r) => r.value === false)).toBe(
      true,
    );
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
  });
});
