import { readFileSync } from 'node:fs';
import type { Clock } from './clock';

/**
 * Development and tests only (`LOCAL_COGNITO_CLOCK_OFFSET_FILE`): the system clock moved forward by
 * the whole number of milliseconds a file holds, read again at every reading of the clock. A test
 * suite running the local Cognito as its own process writes the file to step past an expiry at
 * once, and the local Cognito's next token or code agrees with the suite's "now". A missing or
 * unreadable file means no offset.
 */
export class FileOffsetClock implements Clock {
  constructor(readonly path: string) {}

  now(): number {
    return Date.now() + this.offsetMs();
  }

  private offsetMs(): number {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8').trim();
    } catch {
      return 0;
    }
    return /^-?\d+$/.test(text) ? Number(text) : 0;
  }
}
