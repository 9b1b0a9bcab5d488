import { Inject, Injectable } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../local-cognito.constants';
import type { Clock } from '../support/clock';

export const PASSWORD_ATTEMPTS_EXCEEDED_MESSAGE = 'Password attempts exceeded';

/** Failed passwords allowed for one username from one client address, within one window. */
export const FAILURES_PER_USERNAME_AND_CLIENT = 5;
/**
 * Failed passwords allowed for one username from every address together: far above what its
 * owner mistypes, so that only a guessing campaign from many addresses reaches it, and a few
 * wrong passwords from one address (an attacker's) never lock the real user out elsewhere.
 */
export const FAILURES_PER_USERNAME = 100;
/** Failed passwords allowed from one client address, whatever the usernames (a spray). */
export const FAILURES_PER_CLIENT = 20;
/**
 * Counting starts at the first failure; the lock lifts when the window ends, whatever happens.
 * One window for every count, so the username-wide lock never outlasts the per-address one.
 */
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Cognito's behaviour on repeated wrong passwords: "Password attempts exceeded" until a window
 * passes. Counted per username and client address (guessing one account from one place), per
 * username far higher (guessing one account from many places), and per address (spraying many
 * accounts). Behind a proxy every client may share one address: the per-address counts then lock
 * that proxy, never one user everywhere. A window always ends, so nobody is locked out for longer
 * than LOCKOUT_WINDOW_MS; a successful sign-in clears that username's count from that address.
 * In memory: the local Cognito is one process.
 */
@Injectable()
export class PasswordAttempts {
  private readonly windows = new Map<string, Window>();

  constructor(@Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock) {}

  locked(username: string, client: string): boolean {
    return (
      this.failures(userFromClient(username, client)) >= FAILURES_PER_USERNAME_AND_CLIENT ||
      this.failures(user(username)) >= FAILURES_PER_USERNAME ||
      this.failures(`client:${client}`) >= FAILURES_PER_CLIENT
    );
  }

  recordFailure(username: string, client: string): void {
    this.bump(userFromClient(username, client));
    this.bump(user(username));
    this.bump(`client:${client}`);
  }

  recordSuccess(username: string, client: string): void {
    this.windows.delete(userFromClient(username, client));
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

function user(username: string): string {
  return `user:${username.toLowerCase()}`;
}

function userFromClient(username: string, client: string): string {
  return `user:${username.toLowerCase()}:client:${client}`;
}
