import {
  BadRequestException,
  HttpException,
  HttpStatus,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request } from 'express';
import type { ServerResponse } from 'node:http';
import { isApiRequest } from '../../common/error-response';
import { ImageQueueTimeoutError, ImageRejectedError } from '../image';
import { API_PHOTO_FIELD, formatMegabytes, RULE_TEXT } from '../photo-rules';
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

/**
 * Who reads a refusal: a person at the upload form (its "Photo" field), or an API client, whose
 * messages name the request's own fields (`photo`, `cursor`) instead.
 */
export type ErrorAudience = 'page' | 'api';

interface Wording {
  missingPhoto: string;
  onePhoto: () => string;
  /** `field`: the unexpected file field the request used, when it can be shown. */
  photoField: (field?: string) => string;
  malformed: string;
  badCursor: string;
}

const PAGE_TEXT: Wording = {
  missingPhoto: RULE_TEXT.missingPhoto,
  onePhoto: () => 'Upload one photo at a time, in the Photo field.',
  photoField: () => 'Send the photos in the Photo field.',
  malformed: 'The upload was incomplete or not a valid form. Please try again.',
  badCursor: RULE_TEXT.badCursor,
};

const API_FIELD = `the multipart/form-data file field "${API_PHOTO_FIELD}"`;

const API_TEXT: Wording = {
  missingPhoto: `No image: send it as ${API_FIELD}.`,
  onePhoto: () => `Send one image per request, as ${API_FIELD}.`,
  photoField: (field?: string) =>
    `${field ? `Unexpected file field "${field}": send` : 'Send'} the image as ${API_FIELD}.`,
  malformed: 'The body is not complete, valid multipart/form-data (its boundary, its parts).',
  badCursor:
    'cursor is not valid: pass the nextCursor of the previous page, or none for the first.',
};

const wording = (audience: ErrorAudience) => (audience === 'api' ? API_TEXT : PAGE_TEXT);

/** A field name as multer read it from the request, shown back only when short and printable. */
function shownField(field: unknown): string | undefined {
  return typeof field === 'string' && /^[\x21-\x7e]{1,40}$/.test(field) && !field.includes('"')
    ? field
    : undefined;
}

/** A whole body over its budget: one photo too large, or a batch too large altogether. */
export function bodyTooLargeReason(budget: UploadBudget): string {
  if (budget.maxFiles === 1) return RULE_TEXT.tooLarge(budget.maxBytesPerFile);
  const total = formatMegabytes(budget.maxFiles * budget.maxBytesPerFile);
  return `The upload is larger than ${total} MB (${budget.maxFiles} photos of at most ${formatMegabytes(budget.maxBytesPerFile)} MB each). Upload fewer photos at a time.`;
}

type MulterRejection = (budget: UploadBudget, text: Wording, cause: unknown) => HttpException;

/** multer's error codes (its own `MulterError`), kept by Nest as the HttpException's cause. */
const MULTER_MESSAGES: Record<string, MulterRejection> = {
  LIMIT_FILE_SIZE: (budget) =>
    new PayloadTooLargeException(RULE_TEXT.tooLarge(budget.maxBytesPerFile)),
  LIMIT_FILE_COUNT: (budget, text) =>
    new BadRequestException(
      budget.maxFiles === 1 ? text.onePhoto() : tooManyPhotosReason(budget.maxFiles),
    ),
  LIMIT_UNEXPECTED_FILE: (budget, text, cause) => {
    // The photo field again (one file too many), or a field of another name.
    const field = (cause as { field?: unknown } | undefined)?.field;
    const again = field === undefined || field === API_PHOTO_FIELD;
    return new BadRequestException(
      budget.maxFiles === 1 && again
        ? text.onePhoto()
        : text.photoField(again ? undefined : shownField(field)),
    );
  },
  LIMIT_FIELD_VALUE: () => new BadRequestException(RULE_TEXT.descriptionTooLong()),
  LIMIT_PART_COUNT: (_budget, text) => new BadRequestException(text.malformed),
  LIMIT_FIELD_COUNT: (_budget, text) => new BadRequestException(text.malformed),
  LIMIT_FIELD_KEY: (_budget, text) => new BadRequestException(text.malformed),
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

function inputRejection(error: PhotoInputError, text: Wording): HttpException {
  if (error.problem === 'photo-too-large') return new PayloadTooLargeException(error.reason);
  return new BadRequestException(
    error.problem === 'missing-photo' ? text.missingPhoto : error.reason,
  );
}

/** Nest turns multer's errors into HttpExceptions with multer's wording; ours says what to do. */
function multerRejection(
  error: HttpException,
  budget: UploadBudget,
  text: Wording,
): HttpException | undefined {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code in MULTER_MESSAGES)
    return MULTER_MESSAGES[code](budget, text, error.cause);
  if (error instanceof BadRequestException && /^Multipart:|boundary/i.test(error.message)) {
    return new BadRequestException(text.malformed);
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
  audience: ErrorAudience = 'page',
): HttpException | undefined {
  const text = wording(audience);
  if (error instanceof ImageRejectedError) return imageRejection(error);
  if (error instanceof PhotoInputError) return inputRejection(error, text);
  if (error instanceof PhotoNotFoundError) return new NotFoundException(error.reason);
  if (error instanceof ImageQueueTimeoutError)
    return new RetryLaterException(
      'Too many photos are being processed right now. Please try again in a moment.',
      HttpStatus.SERVICE_UNAVAILABLE,
      BUSY_RETRY_AFTER_SECONDS,
    );
  if (error instanceof UploadCancelledError)
    return new HttpException(error.reason, CLIENT_CLOSED_REQUEST);
  if (error instanceof InvalidCursorError) return new BadRequestException(text.badCursor);
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
  if (error instanceof HttpException) return multerRejection(error, budget, text);
  return undefined;
}

/**
 * What a photo route answers for `error`: its HttpException (with `Retry-After` set on the
 * response when it says when to retry), or the error unchanged when it is no photo error. The
 * budget is the upload's own on upload routes, one file of the configured size elsewhere.
 */
export function httpErrorOf(
  error: unknown,
  req: Request,
  res: Pick<ServerResponse, 'headersSent' | 'setHeader'>,
  maxUploadBytes: number,
): unknown {
  const budget = uploadBudgetOf(req) ?? { maxFiles: 1, maxBytesPerFile: maxUploadBytes };
  const audience = isApiRequest(req) ? 'api' : 'page';
  const mapped = photoHttpException(error, budget, audience) ?? error;
  if (mapped instanceof RetryLaterException && !res.headersSent)
    res.setHeader('Retry-After', String(mapped.retryAfterSeconds));
  return mapped;
}
