import { ImageQueue, ImageQueueTimeoutError } from './image-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ImageQueue', () => {
  it('runs at most `concurrency` tasks at once, the rest in arrival order', async () => {
    const queue = new ImageQueue({ concurrency: 2, maxWaitMs: 10_000 });
    const started: number[] = [];
    const finish: Array<() => void> = [];
    const tasks = [0, 1, 2, 3].map((n) =>
      queue.run(async () => {
        started.push(n);
        await new Promise<void>((resolve) => finish.push(resolve));
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(queue.stats).toEqual({ running: 2, waiting: 2 });
    finish[1]();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish[0]();
    finish[2]();
    await tick();
    finish[3]();
    await Promise.all(tasks);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('gives up after maxWaitMs with ImageQueueTimeoutError, and leaves the queue', async () => {
    const queue = new ImageQueue({ concurrency: 1, maxWaitMs: 30 });
    const release = await queue.acquire();
    await expect(queue.run(() => Promise.resolve('late'))).rejects.toBeInstanceOf(
      ImageQueueTimeoutError,
    );
    expect(queue.stats).toEqual({ running: 1, waiting: 0 });
    release();
    release(); // twice is harmless
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('leaves the queue when the caller aborts, and never runs its task', async () => {
    const queue = new ImageQueue({ concurrency: 1, maxWaitMs: 10_000 });
    const release = await queue.acquire();
    const caller = new AbortController();
    const task = jest.fn(() => Promise.resolve());
    const waiting = queue.run(task, caller.signal);
    caller.abort(new Error('client gone'));
    await expect(waiting).rejects.toThrow('client gone');
    release();
    await tick();
    expect(task).not.toHaveBeenCalled();
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the pipeline when a task fails', async () => {
    const queue = new ImageQueue({ concurrency: 1, maxWaitMs: 10_000 });
    await expect(queue.run(() => Promise.reject(new Error('corrupt')))).rejects.toThrow('corrupt');
    await expect(queue.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
