import { ShareHashingBusyError } from './share-errors';

/**
 * Link-password hashes at once: one. scrypt (N=16384, r=8) takes a thread of libuv's pool (4 by
 * default) for tens of milliseconds, and that pool also serves every photo read and write; one
 * hash at a time leaves the other three to the files whatever a password spray does.
 */
export const SHARE_HASHES_AT_ONCE = 1;
/**
 * Hashes that may wait behind it: 32 (the local Cognito's bound), under two seconds of waiting at
 * about 50 ms a hash: room for the people really unlocking and making links at one moment, while
 * a spray beyond it is refused at once rather than piling up.
 */
export const SHARE_HASHES_WAITING = 32;

/** A place held in the queue: `run` hashes when its turn comes, `leave` gives the place back. */
export interface HashingTurn {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Gives the place back unused (harmless once `run` was called, or twice). */
  leave(): void;
}

/**
 * Runs share-link password hashes (making a link's hash, checking an unlock) a few at a time,
 * with a short bounded line behind them; past it, ShareHashingBusyError at once, nothing hashed.
 *
 * This mirrors the local Cognito's `packages/local-cognito/src/users/hashing-queue.ts` on purpose
 * (docs/SECURITY.md, finding 10): the app never imports that package's code, so it has its own.
 * Two differences: a place can be taken before the work is known to be needed (`enter`), so that
 * an unlock refused as busy is refused before its try is counted; and a finished hash hands its
 * slot straight to the next in line, so no newcomer can slip in between and exceed `concurrency`.
 */
export class ShareHashingQueue {
  /** Places taken: running, waiting for a slot, or entered and not run yet. */
  private held = 0;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number = SHARE_HASHES_AT_ONCE,
    private readonly maxWaiting: number = SHARE_HASHES_WAITING,
  ) {}

  /** How many hashes run now and how many places wait (for tests and diagnostics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.held - this.running };
  }

  /** Runs `work` in its turn, or refuses at once (ShareHashingBusyError) when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    return this.enter().run(work);
  }

  /** Takes a place in the line now, or throws ShareHashingBusyError when there is none. */
  enter(): HashingTurn {
    if (this.held >= this.concurrency + this.maxWaiting) throw new ShareHashingBusyError();
    this.held++;
    let used = false;
    const leave = () => {
      if (used) return;
      used = true;
      this.held--;
    };
    const run = async <T>(work: () => Promise<T>): Promise<T> => {
      if (used) throw new Error('This hashing turn was already used');
      used = true;
      try {
        await this.slot();
        try {
          return await work();
        } finally {
          this.handOver();
        }
      } finally {
        this.held--;
      }
    };
    return { run, leave };
  }

  private async slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** The next in line gets the slot as it is (still counted as running); else it is freed. */
  private handOver(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
