import type { Photo } from '../photos/photo';

/** A share link's row as the owner sees it (never its token hash or password hash). */
export interface ShareLink {
  id: string;
  ownerSub: string;
  /** The name the owner showed when they made the link (nickname, else username). */
  ownerName: string;
  photoId: string | null;
  albumId: string | null;
  expiresAt: Date | null;
  allowDownload: boolean;
  hasPassword: boolean;
  views: number;
  createdAt: Date;
  /** What it shows, for the owner's list: the album's name or the photo's description. */
  title: string;
  /** The token, encrypted at rest (token_sealed); the service opens it for the owner. */
  tokenSealed: string;
}

/** A live link as a visitor's request finds it by its token. */
export interface OpenedLink {
  id: string;
  ownerName: string;
  photoId: string | null;
  albumId: string | null;
  expiresAt: Date | null;
  allowDownload: boolean;
  passwordHash: string | null;
  /** The album's name, or the photo's description. */
  title: string;
}

/** What a new link is: one target (a photo or an album of the owner's) and its conditions. */
export interface NewShareInput {
  target: { kind: 'photo' | 'album'; id: string };
  expiresAt?: Date;
  allowDownload: boolean;
  password?: string;
}

/** What a visitor sees of each photo a link shows: no file keys, sizes, or original's details. */
export const SHARED_PHOTO_FIELDS = [
  'id',
  'description',
  'takenAt',
  'width',
  'height',
  'thumbnailWidth',
  'thumbnailHeight',
  'createdAt',
] as const satisfies readonly (keyof Photo)[];
export type SharedPhoto = Pick<Photo, (typeof SHARED_PHOTO_FIELDS)[number]>;
