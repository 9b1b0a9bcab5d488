import type { WriteBudget } from '../../rate-limit/write-budget';
import { ShareHashingBusyError } from '../share-errors';

/**
 * Runs an owner's write that hashes a link password; when it is refused because too many
 * passwords wait to be hashed (nothing made), the write WriteRateLimitGuard counted is given
 * back before the error goes on to ShareExceptionFilter: a busy server costs the owner nothing.
 */
export async function refundWhenBusy<T>(
  writes: WriteBudget,
  userSub: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ShareHashingBusyError) await writes.refund(userSub);
    throw error;
  }
}
