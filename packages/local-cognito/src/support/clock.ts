/**
 * The time source for everything that expires (codes, sessions, tokens). Production uses the system
 * clock; tests pass their own so they can step past a five-minute code lifetime without waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
