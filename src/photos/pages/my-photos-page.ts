import { Injectable } from '@nestjs/common';
import { PhotosConfig } from '../../config/config-slices';
import type { Photo, PhotoOwner } from '../photo';
import {
  ACCEPTED_FORMATS_TEXT,
  DEFAULT_PAGE_SIZE,
  formatMegabytes,
  MAX_DESCRIPTION_LENGTH,
} from '../photo-rules';
import { PhotosService } from '../photos.service';
import { photoLabel } from './photo-label';
import { GRID_PATH, withReturnTo } from './photo-return-to';

/** What pages/myphotos.hbs renders (plus `currentUser` and `csrfToken` from res.locals). */
export interface MyPhotosView {
  title: string;
  notice?: string;
  error?: string;
  /** The description typed before a refused upload, put back in the textarea. */
  description: string;
  maxDescriptionLength: number;
  maxUploadMegabytes: string;
  /** The hint naming the formats (photo-rules.ts). */
  acceptedFormatsText: string;
  photos: PhotoCardView[];
  olderPhotosHref?: string;
  /** Set on older pages, to get back to the newest photos. */
  newestHref?: string;
  /** Whether there is another page to link to (no empty navigation landmark otherwise). */
  pagesNav: boolean;
  /** This grid page's own path, where a photo page or a delete comes back to. */
  gridPath: string;
}

export interface PhotoCardView {
  id: string;
  photoHref: string;
  description: string;
  alt: string;
  /** Names the photo in its Delete button and the delete dialog. */
  label: string;
  thumbnailWidth: number;
  thumbnailHeight: number;
  createdAt: Date;
}

export interface MyPhotosState {
  cursor?: string;
  notice?: string;
  error?: string;
  description?: string;
}

function photoCard(photo: Photo, gridPath: string): PhotoCardView {
  return {
    id: photo.id,
    photoHref: withReturnTo(`/photos/${photo.id}`, gridPath),
    description: photo.description,
    alt: photo.description || 'Photo',
    label: photoLabel(photo),
    thumbnailWidth: photo.thumbnailWidth,
    thumbnailHeight: photo.thumbnailHeight,
    createdAt: photo.createdAt,
  };
}

/** Builds the "My photos" page: the upload form and one page of the owner's photos. */
@Injectable()
export class MyPhotosPage {
  constructor(
    private readonly photos: PhotosService,
    private readonly config: PhotosConfig,
  ) {}

  async build(owner: PhotoOwner, state: MyPhotosState = {}): Promise<MyPhotosView> {
    const page = await this.photos.list(owner, { limit: DEFAULT_PAGE_SIZE, cursor: state.cursor });
    const gridPath = state.cursor
      ? `${GRID_PATH}?cursor=${encodeURIComponent(state.cursor)}`
      : GRID_PATH;
    return {
      title: 'My photos',
      notice: state.notice,
      error: state.error,
      description: state.description ?? '',
      maxDescriptionLength: MAX_DESCRIPTION_LENGTH,
      maxUploadMegabytes: formatMegabytes(this.config.maxUploadBytes),
      acceptedFormatsText: ACCEPTED_FORMATS_TEXT,
      photos: page.items.map((photo) => photoCard(photo, gridPath)),
      olderPhotosHref: page.nextCursor
        ? `/myphotos?cursor=${encodeURIComponent(page.nextCursor)}`
        : undefined,
      newestHref: state.cursor ? '/myphotos' : undefined,
      pagesNav: Boolean(state.cursor || page.nextCursor),
      gridPath,
    };
  }
}
