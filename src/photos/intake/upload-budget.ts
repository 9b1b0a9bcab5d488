import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/** What one upload request may carry: how many files, and how large each may be. */
export interface UploadBudget {
  maxFiles: number;
  maxBytesPerFile: number;
}

/**
 * Room for the rest of a multipart body besides the photos' bytes: the small text fields (multer
 * allows 5 of at most 10 kB each), plus boundaries and part headers of each file.
 */
export const MULTIPART_ALLOWANCE_BYTES = 64 * 1024;
export const PART_HEADERS_ALLOWANCE_BYTES = 2 * 1024;

/** The most a whole body of this budget may declare (files at their limit, plus the form). */
export function maxBodyBytes(budget: UploadBudget): number {
  return (
    budget.maxFiles * (budget.maxBytesPerFile + PART_HEADERS_ALLOWANCE_BYTES) +
    MULTIPART_ALLOWANCE_BYTES
  );
}

const UPLOAD_BATCH = Symbol('photos:upload-batch');

/**
 * Marks an upload route that takes several files at once (up to MAX_UPLOAD_FILES); the others
 * take one. The size guard, the intake and multer's limits read it.
 */
export const UploadBatch = () => SetMetadata(UPLOAD_BATCH, true);

/** The route's budget: `maxFiles` files for an UploadBatch route, one for the others. */
export function routeUploadBudget(
  reflector: Reflector,
  context: ExecutionContext,
  limits: { maxUploadBytes: number; maxUploadFiles: number },
): UploadBudget {
  const batch = reflector.get<boolean | undefined>(UPLOAD_BATCH, context.getHandler()) === true;
  return { maxFiles: batch ? limits.maxUploadFiles : 1, maxBytesPerFile: limits.maxUploadBytes };
}

const budgets = new WeakMap<object, UploadBudget>();

/** Set by UploadIntakeInterceptor before multer reads the body; read by multer's limits and spool. */
export function setUploadBudget(req: object, budget: UploadBudget): void {
  budgets.set(req, budget);
}

export function uploadBudgetOf(req: object): UploadBudget | undefined {
  return budgets.get(req);
}

/** For the handlers of upload routes, which always run behind UploadIntakeInterceptor. */
export function requireUploadBudget(req: object): UploadBudget {
  const budget = budgets.get(req);
  if (!budget) throw new Error('No upload budget: is UploadIntakeInterceptor bound to the route?');
  return budget;
}

/**
 * A body whose files together went over the budget while they were read (a client that declared
 * no Content-Length); the whole upload is refused and nothing is stored.
 */
export class UploadBodyTooLargeError extends Error {
  constructor(readonly budget: UploadBudget) {
    super('The upload body is larger than its budget');
    this.name = 'UploadBodyTooLargeError';
  }
}
