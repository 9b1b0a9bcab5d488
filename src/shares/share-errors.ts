import { SHARE_TEXT } from './share-rules';

/**
 * The share rules' errors; `http/share-exception.filter.ts` maps each to HTTP. `reason` is safe
 * to show to whoever made the request.
 */

/** Unknown, revoked or expired: one error, so the three can never be told apart. */
export class ShareUnavailableError extends Error {
  readonly reason = SHARE_TEXT.notAvailable;

  constructor() {
    super('Share link not available');
    this.name = 'ShareUnavailableError';
  }
}

/** A live link with a password, asked for without a valid unlock. */
export class ShareLockedError extends Error {
  readonly reason: string = SHARE_TEXT.locked;

  constructor() {
    super('Share link locked');
    this.name = 'ShareLockedError';
  }
}

/** Whatever was wrong with the password, the same words. */
export class WrongSharePasswordError extends ShareLockedError {
  override readonly reason = SHARE_TEXT.wrongPassword;

  constructor() {
    super();
    this.name = 'WrongSharePasswordError';
  }
}

export class TooManyUnlockAttemptsError extends Error {
  readonly reason = SHARE_TEXT.tooManyAttempts;

  constructor(readonly retryAfterSeconds: number) {
    super('Too many unlock attempts');
    this.name = 'TooManyUnlockAttemptsError';
  }
}

/**
 * Too many link passwords are being hashed right now (ShareHashingQueue is full): nothing was
 * checked or changed, and the same request may succeed in a moment.
 */
export class ShareHashingBusyError extends Error {
  readonly reason = SHARE_TEXT.hashingBusy;
  readonly retryAfterSeconds = 2;

  constructor() {
    super('Share password hashing busy');
    this.name = 'ShareHashingBusyError';
  }
}

/** The owner asked to share (or revoke) something that is not theirs, or does not exist. */
export class ShareTargetNotFoundError extends Error {
  constructor(readonly reason: string = SHARE_TEXT.targetNotFound) {
    super('Share target not found');
    this.name = 'ShareTargetNotFoundError';
  }
}

/** A new link's conditions break a rule the edge cannot check (an expiry already past). */
export class ShareInputError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ShareInputError';
  }
}
