import { Injectable } from '@nestjs/common';
import type { Photo, PhotoOwner } from '../photo';
import { ACCEPTED_FORMATS, formatMegabytes, MAX_DESCRIPTION_LENGTH } from '../photo-rules';
import { PhotoNotFoundError } from '../photo-errors';
import { PhotosService } from '../photos.service';
import { photoAlt, photoLabel } from './photo-label';
import { photoReturnTo, withReturnTo } from './photo-return-to';

/** What pages/photo.hbs renders (plus `currentUser` and `csrfToken` from res.locals). */
export interface PhotoPageView {
  title: string;
  notice?: string;
  photo: Photo;
  alt: string;
  /** With the camera's offset, the capture date is an instant, shown in the viewer's zone. */
  takenInstant?: Date;
  /** Without one, it is the camera's wall clock: shown as written, with no zone. */
  takenWallClock?: { iso: string; text: string };
  originalSize: string;
  originalType: string;
  backHref: string;
  newerHref?: string;
  olderHref?: string;
  deleteHref: string;
  /** Where the delete dialog's form sends the person afterwards (the confirmation page's returnTo). */
  afterDelete: string;
  /** Names the photo in its Delete button and the delete dialog. */
  label: string;
  maxDescriptionLength: number;
  descriptionDraft: string;
  descriptionError?: string;
}

/** What pages/delete-photo.hbs renders. */
export interface DeletePhotoView {
  title: string;
  photo: Photo;
  alt: string;
  returnTo: string;
}

/** What pages/delete-photos.hbs renders: the selection's photos that are the person's. */
export interface DeletePhotosView {
  title: string;
  /** "Delete 3 photos" / "Delete 1 photo": the button, which names what it does. */
  action: string;
  photos: { id: string; alt: string; thumbnailWidth: number; thumbnailHeight: number }[];
  returnTo: string;
}

/** "3 photos" / "1 photo". */
export function photoCount(count: number): string {
  return `${count} ${count === 1 ? 'photo' : 'photos'}`;
}

export interface PhotoPageState {
  returnTo?: unknown;
  notice?: string;
  descriptionDraft?: string;
  descriptionError?: string;
}

/** "IMG_1.jpg (image/jpeg)" → "JPEG"; the format as people name it. */
const TYPE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(ACCEPTED_FORMATS).map((format) => [format.mediaType, format.name]),
);

/**
 * A capture date without the camera's offset is its wall clock (stored as if UTC): shown as is,
 * with no zone, and a `datetime` without one ("2024-06-01T09:30"); local-time.js writes it in the
 * upload date's style ("1 Jun 2024, 09:30") without moving it to any zone.
 */
function wallClock(photo: Photo): PhotoPageView['takenWallClock'] {
  if (!photo.takenAt || photo.takenAtOffset) return undefined;
  const iso = photo.takenAt.toISOString().slice(0, 16);
  return { iso, text: iso.replace('T', ' ') };
}

function sizeText(bytes: number): string {
  return bytes >= 2 ** 20
    ? `${formatMegabytes(bytes)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/** Builds the photo page and the delete confirmation page of one of the owner's photos. */
@Injectable()
export class PhotoPages {
  constructor(private readonly photos: PhotosService) {}

  async photoPage(
    owner: PhotoOwner,
    id: string,
    state: PhotoPageState = {},
  ): Promise<PhotoPageView> {
    const { photo, newer, older } = await this.photos.getWithNeighbours(owner, id);
    const back = photoReturnTo(state.returnTo);
    const href = (other: Photo | undefined) => other && withReturnTo(`/photos/${other.id}`, back);
    // After a delete from here, the next photo (older, else newer) or the grid page.
    const afterDelete = href(older) ?? href(newer) ?? back;
    return {
      title: photo.description ? photo.description.split('\n')[0].slice(0, 80) : 'Photo',
      notice: state.notice,
      photo,
      alt: photoAlt(photo),
      takenInstant: photo.takenAtOffset ? (photo.takenAt ?? undefined) : undefined,
      takenWallClock: wallClock(photo),
      originalSize: sizeText(photo.originalSizeBytes),
      originalType: TYPE_NAMES[photo.originalContentType] ?? photo.originalContentType,
      backHref: back,
      newerHref: href(newer),
      olderHref: href(older),
      deleteHref: `/myphotos/${photo.id}/delete?returnTo=${encodeURIComponent(afterDelete)}`,
      afterDelete,
      label: photoLabel(photo),
      maxDescriptionLength: MAX_DESCRIPTION_LENGTH,
      descriptionDraft: state.descriptionDraft ?? photo.description,
      descriptionError: state.descriptionError,
    };
  }

  /**
   * The confirmation of a selection's delete: the person's photos among `ids` (none: not found),
   * which the page's button sends again, confirmed.
   */
  async deleteManyPage(
    owner: PhotoOwner,
    ids: readonly string[],
    returnTo: string,
  ): Promise<DeletePhotosView> {
    const photos = await this.photos.getMany(owner, ids);
    if (photos.length === 0) throw new PhotoNotFoundError();
    return {
      title: `Delete ${photoCount(photos.length)}?`,
      action: `Delete ${photoCount(photos.length)}`,
      photos: photos.map((photo) => ({
        id: photo.id,
        alt: photoAlt(photo),
        thumbnailWidth: photo.thumbnailWidth,
        thumbnailHeight: photo.thumbnailHeight,
      })),
      returnTo,
    };
  }

  async deletePage(owner: PhotoOwner, id: string, returnTo: unknown): Promise<DeletePhotoView> {
    const photo = await this.photos.get(owner, id);
    return {
      title: 'Delete this photo?',
      photo,
      alt: photoAlt(photo),
      returnTo: photoReturnTo(returnTo),
    };
  }
}
