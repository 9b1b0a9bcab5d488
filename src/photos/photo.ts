import type { Readable } from 'node:stream';

/** Who owns a photo: the Cognito `sub` (stable) and the username (for display). */
export interface PhotoOwner {
  sub: string;
  username: string;
}

/** A stored photo: its row. Both files exist whenever the row does. */
export interface Photo {
  id: string;
  ownerSub: string;
  ownerUsername: string;
  description: string;
  contentType: string;
  width: number;
  height: number;
  sizeBytes: number;
  originalKey: string;
  thumbnailKey: string;
  thumbnailContentType: string;
  thumbnailWidth: number;
  thumbnailHeight: number;
  thumbnailSizeBytes: number;
  createdAt: Date;
}

export type NewPhoto = Omit<Photo, 'createdAt'>;

export interface PhotoPage {
  items: Photo[];
  /** Present when older photos follow. */
  nextCursor?: string;
}

export type PhotoVariant = 'original' | 'thumbnail';

/** How to hand a photo's bytes to a client: stream them, or send it to a short-lived URL. */
export type PhotoFile =
  | { kind: 'redirect'; url: string }
  | { kind: 'stream'; body: Readable; contentType: string; sizeBytes: number };
