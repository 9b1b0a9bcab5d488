import { Clock } from '../../src/common/clock';

/**
 * A clock a suite moves by hand: starts at the real time and only moves when told, so a test
 * steps past an expiry at once instead of sleeping until it comes.
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the app's time forward (the real time keeps running underneath). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
