import {
  BadRequestException,
  HttpException,
  HttpStatus,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ImageQueueTimeoutError, ImageRejectedError } from '../image';
import { RULE_TEXT } from '../photo-rules';
import {
  InvalidCursorError,
  PhotoInputError,
  PhotoNotFoundError,
  UploadCancelledError,
} from '../photo-errors';

/** Seconds a client is asked to wait after a 503 because every image pipeline stayed busy. */
export const BUSY_RETRY_AFTER_SECONDS = 10;

/** A refusal that tells the client when to try again (the interceptor sets `Retry-After`). */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    status: HttpStatus,
    readonly retryAfterSeconds: number,
  ) {
    super(message, status);
  }
}

/** nginx's name for it: nobody reads this answer, but the log line says what happened. */
const CLIENT_CLOSED_REQUEST = 499;

const ONE_PHOTO = 'Upload one photo at a time, in the Photo field.';
const MALFORMED_FORM = 'The upload was incomplete or not a valid form. Please try again.';

/** multer's error codes (its own `MulterError`), kept by Nest as the HttpException's cause. */
const MULTER_MESSAGES: Record<string, (maxUploadBytes: number) => HttpException> = {
  LIMIT_FILE_SIZE: (max) => new PayloadTooLargeException(RULE_TEXT.tooLarge(max)),
  LIMIT_FILE_COUNT: () => new BadRequestException(ONE_PHOTO),
  LIMIT_UNEXPECTED_FILE: () => new BadRequestException(ONE_PHOTO),
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
function multerRejection(error: HttpException, maxUploadBytes: number): HttpException | undefined {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code in MULTER_MESSAGES)
    return MULTER_MESSAGES[code](maxUploadBytes);
  if (error instanceof BadRequestException && /^Multipart:|boundary/i.test(error.message)) {
    return new BadRequestException(MALFORMED_FORM);
  }
  return undefined;
}

/**
 * The one mapping from the photo rules' errors (and multer's) to HTTP statuses and the message
 * people see. `undefined`: not a photo error; let it through unchanged.
 */
export function photoHttpException(
  error: unknown,
  maxUploadBytes: number,
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
  if (error instanceof HttpException) return multerRejection(error, maxUploadBytes);
  return undefined;
}
