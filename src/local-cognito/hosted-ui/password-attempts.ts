import { Inject, Injectable } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../local-cognito.constants';
import type { Clock } from '../support/clock';

export const PASSWORD_ATTEMPTS_EXCEEDED_MESSAGE = 'Password attempts exceeded';

/** Failed passwords allowed per username, and per client address, within one window. */
export const FAILURES_PER_USERNAME = 5;
export const FAILURES_PER_CLIENT = 20;
/** Counting starts at the first failure; the lock lifts when the window ends, whatever happens. */
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Cognito's behaviour on repeated wrong passwords: "Password attempts exceeded" until a window
 * passes. Counted per username (guessing one account) and per client address (spraying many).
 * A window always ends, so nobody can lock a user out for longer than LOCKOUT_WINDOW_MS; a
 * successful sign-in clears the username's count. In memory: the local Cognito is one process.
 */
@Injectable()
export class PasswordAttempts {
  private readonly windows = new Map<string, Window>();

  constructor(@Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock) {}

  locked(username: string, client: string): boolean {
    return (
      this.failures(`user:${username.toLowerCase()}`) >= FAILURES_PER_USERNAME ||
      this.failures(`client:${client}`) >= FAILURES_PER_CLIENT
    );
  }

  recordFailure(username: string, client: string): void {
    this.bump(`user:${username.toLowerCase()}`);
    this.bump(`client:${client}`);
  }

  recordSuccess(username: string): void {
    this.windows.delete(`user:${username.toLowerCase()}`);
  }

  private failures(key: string): number {
    const window = this.windows.get(key);
    if (!window) return 0;
    if (window.endsAt <= this.clock.now()) {
      this.windows.delete(key);
      return 0;
    }
    return window.failures;
  }

  private bump(key: string): void {
    const current = this.failures(key);
    const endsAt = this.windows.get(key)?.endsAt ?? this.clock.now() + LOCKOUT_WINDOW_MS;
    this.windows.set(key, { failures: current + 1, endsAt });
  }
}
