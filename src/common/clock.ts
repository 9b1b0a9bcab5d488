/**
 * The app's time source for everything that expires (share links, cached answers, sign-in
 * revocation checks, sessions' own expiry is express-session's). Production uses the system
 * clock; tests inject a clock they can move forward, instead of sleeping until an expiry.
 */
export abstract class Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  abstract now(): number;

  date(): Date {
    return new Date(this.now());
  }
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
