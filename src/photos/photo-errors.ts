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
  'missing-photo' | 'photo-too-large' | 'description-too-long' | 'description-invalid';

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
    return new PhotoInputError('missing-photo', 'Choose a photo to upload.');
  }

  static photoTooLarge(maxBytes: number): PhotoInputError {
    return new PhotoInputError('photo-too-large', tooLargeReason(maxBytes));
  }

  static descriptionTooLong(maxCharacters: number): PhotoInputError {
    return new PhotoInputError(
      'description-too-long',
      `The description is too long: it may have at most ${maxCharacters} characters.`,
    );
  }

  static descriptionInvalid(): PhotoInputError {
    return new PhotoInputError(
      'description-invalid',
      'The description must be a single piece of text.',
    );
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
  readonly reason = 'The page link is not valid. Start again from the first page.';

  constructor(why: string) {
    super(`Invalid cursor: ${why}`);
    this.name = 'InvalidCursorError';
  }
}

/** The text people read for the upload limit, e.g. "The photo is larger than 20 MB." */
export function tooLargeReason(maxBytes: number): string {
  return `The photo is larger than ${formatMegabytes(maxBytes)} MB.`;
}

/** Binary megabytes, as file managers show them: 20971520 → "20", 100000 → "0.1". */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / 2 ** 20;
  if (megabytes >= 10) return String(Math.round(megabytes));
  if (megabytes >= 0.1) return String(Math.round(megabytes * 10) / 10);
  return String(Number(megabytes.toPrecision(1)));
}
