import { Injectable } from '@nestjs/common';
import { PhotosConfig } from '../../config/config-slices';
import type { PhotoCard, PhotoOwner } from '../photo';
import {
  ACCEPTED_FORMATS_TEXT,
  DEFAULT_PAGE_SIZE,
  formatMegabytes,
  MAX_DESCRIPTION_LENGTH,
} from '../photo-rules';
import { GridCards } from './grid-cards';
import { photoLabel } from './photo-label';
import { GRID_PATH, withReturnTo } from './photo-return-to';
import { refusedSummary, type RefusedFileView } from './upload-report';

/** What pages/myphotos.hbs renders (plus `currentUser` and `csrfToken` from res.locals). */
export interface MyPhotosView {
  title: string;
  notice?: string;
  error?: string;
  /** The field the error is about ('photo' or 'description'), which points to it. */
  errorField?: 'photo' | 'description';
  /** Files of the last upload that were refused, each with its reason. */
  refused: RefusedFileView[];
  refusedSummary?: string;
  /** The ids the file field's aria-describedby lists: its hint, then the error and refusals. */
  photoDescribedBy: string;
  /** The description typed before a refused upload, put back in the textarea. */
  description: string;
  maxDescriptionLength: number;
  maxUploadMegabytes: string;
  /** The hint naming the formats (photo-rules.ts). */
  acceptedFormatsText: string;
  maxUploadBytes: number;
  maxUploadFiles: number;
  photos: PhotoCardView[];
  olderPhotosHref?: string;
  /** Set on older pages, to get back to the newest photos. */
  newestHref?: string;
  /** Whether there is another page to link to (no empty navigation landmark otherwise). */
  pagesNav: boolean;
  /** The page shown, as the navigation names it (aria-current): "Page 2", or "This page". */
  currentPageLabel: string;
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
  /** The page number our "Older photos" link carried (a label only); ignored on the first page. */
  page?: number;
  notice?: string;
  error?: string;
  refused?: RefusedFileView[];
  description?: string;
}

/** Which field a refusal is about: only the description's own rules name it. */
function errorFieldOf(error: string | undefined): MyPhotosView['errorField'] {
  if (error === undefined) return undefined;
  return /^The description\b/.test(error) ? 'description' : 'photo';
}

function photoCard(photo: PhotoCard, gridPath: string): PhotoCardView {
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

/** A grid page's own path: its cursor, and its number when known. */
function gridPage(cursor: string, pageNumber: number | undefined): string {
  const path = `${GRID_PATH}?cursor=${encodeURIComponent(cursor)}`;
  return pageNumber ? `${path}&page=${pageNumber}` : path;
}

/** Builds the "My photos" page: the upload form and one page of the owner's photos. */
@Injectable()
export class MyPhotosPage {
  constructor(
    private readonly cards: GridCards,
    private readonly config: PhotosConfig,
  ) {}

  async build(owner: PhotoOwner, state: MyPhotosState = {}): Promise<MyPhotosView> {
    const page = await this.cards.of(owner, {
      limit: DEFAULT_PAGE_SIZE,
      cursor: state.cursor,
    });
    // Cursor paging knows no position: the first page is 1, and each "Older photos" link says
    // which page it leads to; a cursor link without one (the API's, edited) is "This page".
    const pageNumber = state.cursor ? state.page : 1;
    const gridPath = state.cursor ? gridPage(state.cursor, pageNumber) : GRID_PATH;
    const refused = state.refused ?? [];
    const errorField = errorFieldOf(state.error);
    return {
      title: 'My photos',
      notice: state.notice,
      error: state.error,
      errorField,
      refused,
      refusedSummary: refused.length > 0 ? refusedSummary(refused.length) : undefined,
      photoDescribedBy: [
        'photo-hint',
        ...(errorField === 'photo' ? ['upload-error'] : []),
        ...(refused.length > 0 ? ['upload-refusals'] : []),
      ].join(' '),
      description: state.description ?? '',
      maxDescriptionLength: MAX_DESCRIPTION_LENGTH,
      maxUploadMegabytes: formatMegabytes(this.config.maxUploadBytes),
      acceptedFormatsText: ACCEPTED_FORMATS_TEXT,
      maxUploadBytes: this.config.maxUploadBytes,
      maxUploadFiles: this.config.maxUploadFiles,
      photos: page.items.map((photo) => photoCard(photo, gridPath)),
      olderPhotosHref: page.nextCursor
        ? gridPage(page.nextCursor, pageNumber && pageNumber + 1)
        : undefined,
      newestHref: state.cursor ? '/myphotos' : undefined,
      pagesNav: Boolean(state.cursor || page.nextCursor),
      currentPageLabel: pageNumber ? `Page ${pageNumber}` : 'This page',
      gridPath,
    };
  }
}
