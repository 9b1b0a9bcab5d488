import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PgThrottlerStorage } from '../rate-limit/pg-throttler-storage';
import { TooManyUnlockAttemptsError } from './share-errors';
import { MAX_UNLOCK_ATTEMPTS_PER_MINUTE, UNLOCK_WINDOW_MS } from './share-rules';

/**
 * Password guesses on one link from one client, counted in PostgreSQL (the app's throttler
 * storage) so that every instance shares the count. Every try counts, before the password is
 * checked: after 10 in a minute the 11th is refused (429) without being tried. The key is a hash,
 * so the client's address is never stored.
 */
@Injectable()
export class UnlockAttempts {
  constructor(private readonly storage: PgThrottlerStorage) {}

  async take(linkId: string, client: string): Promise<void> {
    const key = createHash('sha256').update(`share-unlock:${linkId}:${client}`).digest('hex');
    const record = await this.storage.increment(
      key,
      UNLOCK_WINDOW_MS,
      MAX_UNLOCK_ATTEMPTS_PER_MINUTE,
      UNLOCK_WINDOW_MS,
    );
    if (record.isBlocked) throw new TooManyUnlockAttemptsError(record.timeToBlockExpire);
  }
}
