import { HttpStatus } from '@nestjs/common';
import type { ExtraWrites } from '../../rate-limit/write-budget';
import type { RefusedFile, UploadedFile } from '../photos.service';
import { RetryLaterException } from './photo-http-errors';

/** Said of each file of a batch beyond the user's uploads-and-deletes budget for the minute. */
export function overBudgetReason(retryAfterSeconds: number): string {
  return `Not uploaded: too many uploads and deletes in one minute. Try this one again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}.`;
}

/**
 * The first `allowed` files go ahead; each one after them is refused by name, as the upload
 * script's own request for it would be (429 with Retry-After), before anything is read of it.
 */
export function withinWriteBudget(
  files: UploadedFile[],
  allowed: number,
  budget: ExtraWrites,
): { admitted: UploadedFile[]; overBudget: RefusedFile[] } {
  const reason = overBudgetReason(budget.retryAfterSeconds);
  return {
    admitted: files.slice(0, allowed),
    overBudget: files.slice(allowed).map((file) => ({
      name: file.name ?? '',
      reason,
      error: new RetryLaterException(
        reason,
        HttpStatus.TOO_MANY_REQUESTS,
        budget.retryAfterSeconds,
      ),
    })),
  };
}
