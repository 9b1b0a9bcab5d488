import { RULE_TEXT } from '../photo-rules';

/**
 * Why an upload's bytes were refused. The image pipeline knows nothing of HTTP: the controller maps
 * each kind to a status code. Recommended mapping:
 *   'empty'           → 400 Bad Request
 *   'corrupt'         → 400 Bad Request
 *   'unsupported'     → 415 Unsupported Media Type
 *   'too-many-pixels' → 413 Content Too Large: the request is refused because of its (decoded) size,
 *                       which is what 413 means; it also lets clients tell "too big" from "broken".
 */
export type ImageRejectionKind = 'empty' | 'unsupported' | 'corrupt' | 'too-many-pixels';

/** Base class: `reason` is safe and meant to be shown to the person who uploaded the file. */
export abstract class ImageRejectedError extends Error {
  abstract readonly kind: ImageRejectionKind;

  protected constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = new.target.name;
  }
}

export class EmptyImageError extends ImageRejectedError {
  readonly kind = 'empty';

  constructor() {
    super('The file is empty.');
  }
}

export class UnsupportedImageTypeError extends ImageRejectedError {
  readonly kind = 'unsupported';

  constructor() {
    super(RULE_TEXT.unsupportedType);
  }
}

export class CorruptImageError extends ImageRejectedError {
  readonly kind = 'corrupt';

  /** `cause` keeps the decoder's message for logs; it is never shown to the user. */
  constructor(cause?: unknown) {
    super('The image is damaged or incomplete and could not be read.', { cause });
  }
}

export class ImageTooLargeError extends ImageRejectedError {
  readonly kind = 'too-many-pixels';

  constructor(maxPixels: number) {
    const megapixels = Math.floor(maxPixels / 1_000_000);
    super(`The image has too many pixels. The largest accepted is ${megapixels} megapixels.`);
  }
}
