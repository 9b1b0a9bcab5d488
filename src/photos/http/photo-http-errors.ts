import {
  BadRequestException,
  HttpException,
  HttpStatus,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ImageQueueTimeoutError, ImageRejectedError } from '../image';
import { formatMegabytes, RULE_TEXT } from '../photo-rules';
import { SpoolFullError } from '../intake/spool-budget';
import {
  UploadBodyTooLargeError,
  type UploadBudget,
  uploadBudgetOf,
} from '../intake/upload-budget';
import {
  InvalidCursorError,
  PhotoInputError,
  PhotoNotFoundError,
  tooManyPhotosReason,
  UploadCancelledError,
} from '../photo-errors';

/** Seconds a client is asked to wait after a 503 because every image pipeline stayed busy. */
export const BUSY_RETRY_AFTER_SECONDS = 10;

/** A refusal that tells the client when to try again (`httpErrorOf` sets `Retry-After`). */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    status: HttpStatus,
    readonly retryAfterSeconds: number,
  ) {
    super(message, status);
  }
}

/** Seconds a client is asked to wait when the spool has no room for its upload. */
export const SPOOL_RETRY_AFTER_SECONDS = 30;

/** nginx's name for it: nobody reads this answer, but the log line says what happened. */
const CLIENT_CLOSED_REQUEST = 499;

const ONE_PHOTO = 'Upload one photo at a time, in the Photo field.';
const PHOTO_FIELD = 'Send the photos in the Photo field.';
const MALFORMED_FORM = 'The upload was incomplete or not a valid form. Please try again.';

/** A whole body over its budget: one photo too large, or a batch too large altogether. */
export function bodyTooLargeReason(budget: UploadBudget): string {
  if (budget.maxFiles === 1) return RULE_TEXT.tooLarge(budget.maxBytesPerFile);
  const total = formatMegabytes(budget.maxFiles * budget.maxBytesPerFile);
  return `The upload is larger than ${total} MB (${budget.maxFiles} photos of at most ${formatMegabytes(budget.maxBytesPerFile)} MB each). Upload fewer photos at a time.`;
}

/** multer's error codes (its own `MulterError`), kept by Nest as the HttpException's cause. */
const MULTER_MESSAGES: Record<string, (budget: UploadBudget) => HttpException> = {
  LIMIT_FILE_SIZE: (budget) =>
    new PayloadTooLargeException(RULE_TEXT.tooLarge(budget.maxBytesPerFile)),
  LIMIT_FILE_COUNT: (budget) =>
    new BadRequestException(
      budget.maxFiles === 1 ? ONE_PHOTO : tooManyPhotosReason(budget.maxFiles),
    ),
  LIMIT_UNEXPECTED_FILE: (budget) =>
    new BadRequestException(budget.maxFiles === 1 ? ONE_PHOTO : PHOTO_FIELD),
  LIMIT_FIELD_VALUE: () => new BadRequestException(RULE_TEXT.descriptionTooLong()),
  LIMIT_PART_COUNT: () => new BadRequestException(MALFORMED_FORM),
  LIMIT_FIELD_COUNT: () => new BadRequestException(MALFORMED_FORM),
  LIMIT_FIELD_KEY: () => new BadRequestException(MALFORMED_FORM),
};

function imageRejection(error: ImageRejectedError): HttpException {
  switch (error.kind) {
    case 'empty':
    case 'corrupt':
      return new BadRequestException(error.reason);
    case 'unsupported':
      return new UnsupportedMediaTypeException(error.reason);
    case 'too-many-pixels':
      // Refused for its (decoded) size: 413, as the image module recommends.
      return new PayloadTooLargeException(error.reason);
  }
}

function inputRejection(error: PhotoInputError): HttpException {
  return error.problem === 'photo-too-large'
    ? new PayloadTooLargeException(error.reason)
    : new BadRequestException(error.reason);
}

/** Nest turns multer's errors into HttpExceptions with multer's wording; ours says what to do. */
function multerRejection(error: HttpException, budget: UploadBudget): HttpException | undefined {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code in MULTER_MESSAGES) return MULTER_MESSAGES[code](budget);
  if (error instanceof BadRequestException && /^Multipart:|boundary/i.test(error.message)) {
    return new BadRequestException(MALFORMED_FORM);
  }
  return undefined;
}

/**
 * The photo rules' own errors, each of which `photoHttpException` maps: what PhotoExceptionFilter
 * catches wherever they are thrown. A new rule's error goes in both, here.
 */
export const PHOTO_RULE_ERRORS = [
  ImageRejectedError,
  PhotoInputError,
  PhotoNotFoundError,
  ImageQueueTimeoutError,
  UploadCancelledError,
  InvalidCursorError,
  UploadBodyTooLargeError,
  SpoolFullError,
];

/**
 * The one mapping from the photo rules' errors (and multer's) to HTTP statuses and the message
 * people see, for a request of this `budget` (files and bytes each). `undefined`: not a photo
 * error; let it through unchanged.
 */
export function photoHttpException(
  error: unknown,
  budget: UploadBudget,
): HttpException | undefined {
  if (error instanceof ImageRejectedError) return imageRejection(error);
  if (error instanceof PhotoInputError) return inputRejection(error);
  if (error instanceof PhotoNotFoundError) return new NotFoundException(error.reason);
  if (error instanceof ImageQueueTimeoutError)
    return new RetryLaterException(
      'Too many photos are being processed right now. Please try again in a moment.',
      HttpStatus.SERVICE_UNAVAILABLE,
      BUSY_RETRY_AFTER_SECONDS,
    );
  if (error instanceof UploadCancelledError)
    return new HttpException(error.reason, CLIENT_CLOSED_REQUEST);
  if (error instanceof InvalidCursorError) return new BadRequestException(error.reason);
  // Already mapped (a batch's file beyond the write budget): its own status and Retry-After.
  if (error instanceof RetryLaterException) return error;
  if (error instanceof SpoolFullError)
    return error.refusal === 'user-full'
      ? new RetryLaterException(
          'You have too much being uploaded at once. Wait for those uploads to finish, then try again.',
          HttpStatus.TOO_MANY_REQUESTS,
          SPOOL_RETRY_AFTER_SECONDS,
        )
      : new RetryLaterException(
          'The server is taking in too many uploads right now. Please try again in a moment.',
          HttpStatus.SERVICE_UNAVAILABLE,
          SPOOL_RETRY_AFTER_SECONDS,
        );
  if (error instanceof UploadBodyTooLargeError)
    return new PayloadTooLargeException(bodyTooLargeReason(error.budget));
  if (error instanceof HttpException) return multerRejection(error, budget);
  return undefined;
}

/**
 * What a photo route answers for `error`: its HttpException (with `Retry-After` set on the
 * response when it says when to retry), or the error unchanged when it is no photo error. The
 * budget is the upload's own on upload routes, one file of the configured size elsewhere.
 */
export function httpErrorOf(
  error: unknown,
  req: object,
  res: Pick<ServerResponse, 'headersSent' | 'setHeader'>,
  maxUploadBytes: number,
): unknown {
  const budget = uploadBudgetOf(req) ?? { maxFiles: 1, maxBytesPerFile: maxUploadBytes };
  const mapped = photoHttpException(error, budget) ?? error;
  if (mapped instanceof RetryLaterException && !res.headersSent)
    res.setHeader('Retry-After', String(mapped.retryAfterSeconds));
  return mapped;
}
