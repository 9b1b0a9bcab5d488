import type { Readable } from 'node:stream';

/** Who owns a photo: the Cognito `sub` (stable) and the username (for display). */
export interface PhotoOwner {
  sub: string;
  username: string;
}

/**
 * A stored photo: its row. All three files exist whenever the row does: the original (the bytes
 * as uploaded, only ever downloaded by its owner), the display copy ("image": at most 2048 px,
 * no metadata; `contentType`, `width`, `height` and `sizeBytes` describe it) and the thumbnail.
 */
export interface Photo {
  id: string;
  ownerSub: string;
  ownerUsername: string;
  description: string;
  contentType: string;
  width: number;
  height: number;
  sizeBytes: number;
  imageKey: string;
  originalKey: string;
  originalContentType: string;
  originalSizeBytes: number;
  originalWidth: number;
  originalHeight: number;
  /** The uploaded file's name made safe for a download (see safeFileName); null when none came. */
  originalFileName: string | null;
  /** When the photo was taken (EXIF), null when the file does not say; see CaptureDate. */
  takenAt: Date | null;
  /** The camera's UTC offset ("+02:00", "Z"); null: unknown, takenAt holds the wall clock as UTC. */
  takenAtOffset: string | null;
  thumbnailKey: string;
  thumbnailContentType: string;
  thumbnailWidth: number;
  thumbnailHeight: number;
  thumbnailSizeBytes: number;
  createdAt: Date;
}

export type NewPhoto = Omit<Photo, 'createdAt'>;

/** What a grid of photos shows of each (the "My photos" page): no file keys, sizes or EXIF. */
export const PHOTO_CARD_FIELDS = [
  'id',
  'description',
  'thumbnailWidth',
  'thumbnailHeight',
  'originalFileName',
  'takenAt',
  'takenAtOffset',
  'createdAt',
] as const satisfies readonly (keyof Photo)[];
export type PhotoCard = Pick<Photo, (typeof PHOTO_CARD_FIELDS)[number]>;

/**
 * What the API shows of each photo in a listing (PhotoDto): no owner, storage keys of the copies
 * or thumbnail figures. The original's key stays: a photo uploaded without a name is offered as
 * "photo-<date>.<its extension>".
 */
export const PHOTO_API_FIELDS = [
  'id',
  'description',
  'contentType',
  'width',
  'height',
  'sizeBytes',
  'originalKey',
  'originalContentType',
  'originalSizeBytes',
  'originalWidth',
  'originalHeight',
  'originalFileName',
  'takenAt',
  'takenAtOffset',
  'createdAt',
] as const satisfies readonly (keyof Photo)[];
export type PhotoApiFields = Pick<Photo, (typeof PHOTO_API_FIELDS)[number]>;

export interface PhotoPage<T = Photo> {
  items: T[];
  /** Present when older photos follow. */
  nextCursor?: string;
  /** Present when newer photos come before this page (it was reached by a cursor). */
  previousCursor?: string;
}

export type PhotoVariant = 'original' | 'image' | 'thumbnail';

/** A photo with the ones just before and after it on the owner's timeline. */
export interface PhotoWithNeighbours {
  photo: Photo;
  newer?: Photo;
  older?: Photo;
}

/** How to hand a photo's bytes to a client: stream them, or send it to a short-lived URL. */
export type PhotoFile =
  | { kind: 'redirect'; url: string }
  | {
      kind: 'stream';
      body: Readable;
      contentType: string;
      sizeBytes: number;
      /** Set for the original: sent as a download under this (safe) name. */
      downloadName?: string;
    };
