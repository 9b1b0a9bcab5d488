import { randomBytes } from 'node:crypto';
import type { Clock } from '../support/clock';

/** Cognito's default AuthSessionValidity: a challenge must be answered within three minutes. */
export const AUTH_CHALLENGE_TTL_MS = 3 * 60 * 1000;

/** A sign-in waiting for its answer (today only NEW_PASSWORD_REQUIRED). */
export interface AuthChallenge {
  name: 'NEW_PASSWORD_REQUIRED';
  poolId: string;
  clientId: string;
  username: string;
  expiresAt: number;
}

/**
 * Pending challenges, named by an opaque `Session` string (the API's) or the hosted page's hidden
 * field: shared, so both sides follow the same rule. Single use; in memory, as they last minutes.
 */
export class AuthChallenges {
  private readonly pending = new Map<string, AuthChallenge>();

  constructor(private readonly clock: Clock) {}

  issue(challenge: Omit<AuthChallenge, 'expiresAt'>): string {
    this.forgetExpired();
    const session = randomBytes(48).toString('base64url');
    this.pending.set(session, {
      ...challenge,
      expiresAt: this.clock.now() + AUTH_CHALLENGE_TTL_MS,
    });
    return session;
  }

  /** The challenge behind a session string, taken (a session answers once), or undefined. */
  take(session: string | undefined): AuthChallenge | undefined {
    const challenge = this.find(session);
    this.end(session);
    return challenge;
  }

  /** The challenge behind a session string, left pending (an answer refused may be corrected). */
  find(session: string | undefined): AuthChallenge | undefined {
    const challenge = session === undefined ? undefined : this.pending.get(session);
    return challenge && challenge.expiresAt > this.clock.now() ? challenge : undefined;
  }

  end(session: string | undefined): void {
    if (session !== undefined) this.pending.delete(session);
  }

  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [id, challenge] of this.pending)
      if (challenge.expiresAt <= now) this.pending.delete(id);
  }
}
