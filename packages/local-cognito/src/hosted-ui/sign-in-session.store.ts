import { randomBytes } from 'node:crypto';
import type { Clock } from '../support/clock';

/** Cognito's hosted-UI session: a fixed hour from the interactive sign-in, never extended. */
export const SIGN_IN_SESSION_TTL_MS = 60 * 60 * 1000;

export interface SignInSession {
  /** The pool signed in to: the session never signs anyone in to another pool's client. */
  poolId: string;
  sub: string;
  /** Epoch seconds of the interactive sign-in (the auth_time of every token it yields). */
  authTime: number;
  expiresAt: number;
}

/**
 * Sessions behind the `lc_session` cookie. In memory on purpose: a restart of the local Cognito
 * signs everyone out of the hosted UI (apps keep their tokens, and refresh tokens are persisted).
 */
export class SignInSessionStore {
  private readonly sessions = new Map<string, SignInSession>();

  constructor(private readonly clock: Clock) {}

  start(poolId: string, sub: string, authTime: number): { id: string; session: SignInSession } {
    this.forgetExpired();
    const id = randomBytes(32).toString('base64url');
    const session = { poolId, sub, authTime, expiresAt: this.clock.now() + SIGN_IN_SESSION_TTL_MS };
    this.sessions.set(id, session);
    return { id, session };
  }

  find(id: string | undefined): SignInSession | undefined {
    const session = id === undefined ? undefined : this.sessions.get(id);
    return session && session.expiresAt > this.clock.now() ? session : undefined;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  private forgetExpired(): void {
    const now = this.clock.now();
    for (const [id, session] of this.sessions)
      if (session.expiresAt <= now) this.sessions.delete(id);
  }
}
