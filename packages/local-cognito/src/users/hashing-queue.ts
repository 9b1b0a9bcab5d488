/** Too many password checks are waiting: the caller should answer "busy, try again". */
export class PasswordHashingBusyError extends Error {
  constructor() {
    super('Too many sign-in attempts are being checked right now.');
    this.name = 'PasswordHashingBusyError';
  }
}

/**
 * Runs password hashes a few at a time, with a short bounded queue behind them.
 *
 * scrypt runs on libuv's thread pool (4 threads by default), the same pool that serves the app's
 * file reads and writes. Unbounded, a password spray at the local Cognito fills every thread and
 * every photo download waits behind it (docs/SECURITY.md, finding 10). With at most `concurrency`
 * hashes at once the other threads stay free; beyond `maxWaiting` queued hashes callers are refused
 * at once instead of piling up.
 *
 * p-limit 7 does the same in a few lines (`activeCount + pendingCount` for the bound) and passes
 * this file's spec unchanged, at 0.94× the jobs per second here (0.87–1.13, the bench's noise:
 * docs/PERFORMANCE.md, "Libraries"); it is not used yet because it ships as an ES module only,
 * which Jest (on Node 22, and on 26 here too) loads only once jest.config.js lists it (with
 * yocto-queue) among the packages it compiles.
 */
export class HashingQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  /** How many hashes run now and how many wait (for tests and diagnostics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.maxWaiting) throw new PasswordHashingBusyError();
      // Woken with the slot of the job that finished, still counted as running.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      this.handOver();
    }
  }

  /**
   * The next in line gets the finished job's slot as it is; only with nobody waiting is it freed.
   * Freeing it first would let a caller arriving before the woken job resumes (a microtask later)
   * take it too, and run one hash more than `concurrency`.
   */
  private handOver(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
