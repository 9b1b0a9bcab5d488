import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { LoginTransaction } from '../session/session-data';

/** A sign-in must come back within this time; Cognito's own prompt times out after 5 minutes. */
export const LOGIN_TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** A few tabs may sign in at once; more pending sign-ins than this drops the oldest. */
const MAX_PENDING = 5;

export interface LoginTransactionMeta {
  nonce: string;
  returnTo: string;
}

type StoreCallback = (err: Error | null, state?: string) => void;

/** The request after the callback guard has taken (and so consumed) its transaction. */
export type RequestWithTransaction = Request & { loginTransaction?: LoginTransaction };

/**
 * passport-oauth2's state store, keeping state, PKCE verifier, nonce and returnTo in the
 * browser's (pre-sign-in) session. The callback takes a transaction once: a replayed state fails.
 * passport only stores (at /login); the callback is not passport's (see CognitoStrategy).
 */
export class LoginTransactionStore {
  /** Called by passport-oauth2 at /login (arity 5: with the PKCE verifier). */
  store(
    req: Request,
    codeVerifier: string,
    meta: LoginTransactionMeta,
    _info: unknown,
    callback: StoreCallback,
  ): void {
    const state = randomBytes(24).toString('base64url');
    const pending = this.pending(req);
    pending[state] = {
      state,
      codeVerifier,
      nonce: meta.nonce,
      returnTo: meta.returnTo,
      createdAt: Date.now(),
    };
    // Insertion order is age order (the newest last); keep the newest few.
    req.session.loginTransactions = Object.fromEntries(Object.entries(pending).slice(-MAX_PENDING));
    // Only a sign-in in progress makes an anonymous session, and it lives no longer than one.
    if (!req.session.user) req.session.cookie.maxAge = LOGIN_TRANSACTION_TTL_MS;
    // Saved before the redirect to Cognito: if the database cannot keep it, the sign-in cannot
    // finish, and the person sees that now (503) rather than after signing in at Cognito.
    // The store's error is passed on as it is, so the database's 503 mapping still recognises it.
    req.session.save((err: unknown) => (err ? callback(err as Error) : callback(null, state)));
  }

  /** Removes and returns the pending transaction for `state`, if it exists and is fresh. */
  take(req: Request, state: unknown, now = Date.now()): LoginTransaction | undefined {
    if (typeof state !== 'string' || !req.session) return undefined;
    const pending = this.pending(req);
    const transaction = Object.hasOwn(pending, state) ? pending[state] : undefined;
    if (transaction) {
      delete pending[state];
      req.session.loginTransactions = pending;
    }
    if (!transaction || now - transaction.createdAt > LOGIN_TRANSACTION_TTL_MS) return undefined;
    return transaction;
  }

  private pending(req: Request): Record<string, LoginTransaction> {
    return { ...(req.session.loginTransactions ?? {}) };
  }
}
