import { renameSync, writeFileSync } from 'node:fs';
import { Clock } from '../../src/common/clock';

/**
 * A clock a suite moves by hand: starts at the real time and only moves when told, so a test
 * steps past an expiry at once instead of sleeping until it comes.
 */
export class TestClock extends Clock {
  private offsetMs = 0;
  private offsetFile?: string;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the app's time forward (the real time keeps running underneath). */
  advance(ms: number): void {
    this.offsetMs += ms;
    this.writeOffset();
  }

  /**
   * Also keeps the offset in `path`, written before advance() returns, for a local Cognito in
   * another process that reads it (its LOCAL_COGNITO_CLOCK_OFFSET_FILE): its tokens and codes then
   * agree with the app's "now".
   */
  shareThrough(path: string): void {
    this.offsetFile = path;
    this.writeOffset();
  }

  private writeOffset(): void {
    if (!this.offsetFile) return;
    // Whole or not at all: the other process may read it at any moment.
    const next = `${this.offsetFile}.next`;
    writeFileSync(next, String(this.offsetMs));
    renameSync(next, this.offsetFile);
  }
}
