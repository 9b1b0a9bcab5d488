import { HttpStatus } from '@nestjs/common';
import type { UploadBudget } from '../intake/upload-budget';
import type { BatchOutcome } from '../photos.service';
import { photoHttpException, RetryLaterException } from './photo-http-errors';

/**
 * The status of a batch that stored nothing: its files' own when they agree (415 for files that
 * are all unsupported, 503 when every file waited too long for a pipeline), else 400.
 */
export function refusedBatchStatus(
  outcome: BatchOutcome,
  budget: UploadBudget,
): { status: number; retryAfterSeconds?: number } {
  const mapped = outcome.refused.map((file) => photoHttpException(file.error, budget));
  const statuses = mapped.map((exception) => exception?.getStatus() ?? HttpStatus.BAD_REQUEST);
  const [first] = statuses;
  if (first === undefined || statuses.some((status) => status !== first))
    return { status: HttpStatus.BAD_REQUEST };
  const retry = mapped.find((exception) => exception instanceof RetryLaterException);
  return { status: first, retryAfterSeconds: retry?.retryAfterSeconds };
}
