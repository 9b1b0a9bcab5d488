import { RULE_TEXT } from './photo-rules';

/**
 * The photo rules' own errors. They know nothing of HTTP: `http/photo-http-errors.ts` maps each to
 * a status. `reason` is always safe to show to the person who made the request.
 */

/** No such photo for this owner: missing, someone else's, or not even a valid id (never a 403). */
export class PhotoNotFoundError extends Error {
  readonly reason = 'There is no such photo.';

  constructor() {
    super('Photo not found');
    this.name = 'PhotoNotFoundError';
  }
}

export type PhotoInputProblem =
  | 'missing-photo'
  | 'too-many-photos'
  | 'photo-too-large'
  | 'description-too-long'
  | 'description-invalid';

/** What the person sent cannot become a photo (the image itself is judged by ImageRejectedError). */
export class PhotoInputError extends Error {
  constructor(
    readonly problem: PhotoInputProblem,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'PhotoInputError';
  }

  static missingPhoto(): PhotoInputError {
    return new PhotoInputError('missing-photo', RULE_TEXT.missingPhoto);
  }

  static tooManyPhotos(maxFiles: number): PhotoInputError {
    return new PhotoInputError('too-many-photos', tooManyPhotosReason(maxFiles));
  }

  static photoTooLarge(maxBytes: number): PhotoInputError {
    return new PhotoInputError('photo-too-large', RULE_TEXT.tooLarge(maxBytes));
  }

  static descriptionTooLong(maxCharacters: number): PhotoInputError {
    return new PhotoInputError('description-too-long', RULE_TEXT.descriptionTooLong(maxCharacters));
  }

  static descriptionInvalid(): PhotoInputError {
    return new PhotoInputError('description-invalid', RULE_TEXT.descriptionInvalid);
  }
}

/** The uploader gave up (closed the connection) before the photo was stored; nothing was kept. */
export class UploadCancelledError extends Error {
  readonly reason = 'The upload was cancelled.';

  constructor() {
    super('Upload cancelled by the client');
    this.name = 'UploadCancelledError';
  }
}

/** A listing cursor that this app did not make (edited, truncated, from another build). */
export class InvalidCursorError extends Error {
  readonly reason = RULE_TEXT.badCursor;

  constructor(why: string) {
    super(`Invalid cursor: ${why}`);
    this.name = 'InvalidCursorError';
  }
}

/** Said when one upload carries more files than MAX_UPLOAD_FILES. */
export function tooManyPhotosReason(maxFiles: number): string {
  return `Choose at most ${maxFiles} photos at a time.`;
}
