/** Raised when an image waited longer than the queue allows for a free pipeline. */
export class ImageQueueTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`No image pipeline became free within ${waitedMs} ms`);
    this.name = 'ImageQueueTimeoutError';
  }
}

export interface ImageQueueOptions {
  /** Pipelines running at once. */
  concurrency: number;
  /** Longest wait for a free pipeline before giving up. */
  maxWaitMs: number;
}

interface Waiter {
  grant: (release: () => void) => void;
  fail: (error: unknown) => void;
}

/**
 * Lets at most `concurrency` image pipelines run at once; the rest wait in arrival order, for at
 * most `maxWaitMs`, and leave the queue as soon as their caller gives up (AbortSignal). Each
 * running pipeline holds decoded pixels (tens of MiB for a 12 MP photo), so this, not the number
 * of uploads in flight, is what bounds the memory that images take. More pipelines than cores
 * would not be faster: the work is CPU-bound.
 *
 * Not p-queue: its `timeout` bounds how long a task runs, not how long it waits to start, so the
 * wait limit would still be a timer and signal of ours per task; it has no `acquire`/release
 * hand-off (the intake's tests hold a pipeline that way); and p-queue (7+) and p-limit (4+) ship
 * as ES modules only, which Jest loads only once jest.config.js compiles them
 * (docs/PERFORMANCE.md, "Libraries").
 */
export class ImageQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly options: ImageQueueOptions) {}

  /** Pipelines in use and callers waiting for one. */
  get stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` once a pipeline is free, and frees it when `task` settles. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * Waits for a free pipeline; the returned function frees it (once, however often it is called).
   * Rejects with `ImageQueueTimeoutError` after `maxWaitMs`, or with the signal's reason.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.running < this.options.concurrency && this.waiting.length === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        grant: (release) => {
          leave();
          resolve(release);
        },
        fail: (error) => {
          leave();
          // The signal's reason is whatever the caller aborted with (an Error by convention).
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          reject(error);
        },
      };
      const onAbort = () => waiter.fail(signal?.reason);
      const timer = setTimeout(
        () => waiter.fail(new ImageQueueTimeoutError(this.options.maxWaitMs)),
        this.options.maxWaitMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting[0];
      // The pipeline passes straight to the next in line, so `running` stays the same.
      if (next) next.grant(this.releaser());
      else this.running--;
    };
  }
}
