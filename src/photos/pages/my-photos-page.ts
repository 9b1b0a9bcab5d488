import { Injectable } from '@nestjs/common';
import { PhotosConfig } from '../../config/config-slices';
import type { PhotoOwner } from '../photo';
import {
  ACCEPTED_FORMATS_TEXT,
  BROWSER_MEDIA_TYPES,
  DEFAULT_PAGE_SIZE,
  FILE_FIELD_ACCEPT,
  formatMegabytes,
  MAX_DESCRIPTION_LENGTH,
  RULE_TEXT,
} from '../photo-rules';
import { encodeCursor } from '../photo-cursor';
import { GridCards } from './grid-cards';
import { type GridView, gridView, withParameter } from './grid-view';
import { GRID_PATH } from './photo-return-to';
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
  /**
   * Whether the upload form starts unfolded: on a first visit (no photo yet) and whenever it has
   * something to say. Otherwise the photos come first, under a compact "Upload photos" control.
   */
  uploadOpen: boolean;
  grid: GridView;
  /** What the grid says when this page has no photo. */
  emptyText: string;
  /** For the upload script, which refuses at once a file the browser names another type. */
  acceptedMediaTypes: string;
  unsupportedTypeText: string;
  /** The file field's `accept`: every type and extension we take, HEIC named (photo-rules.ts). */
  fileFieldAccept: string;
}

export interface MyPhotosState {
  /** Older photos from this cursor on. */
  cursor?: string;
  /** Or the newer photos just before this cursor. */
  before?: string;
  /** Or the photos from the end of this month ("2024-09") on: the "Jump to" control. */
  month?: string;
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

/** The page's own path: the cursor it was reached by, or the month it jumped to. */
function gridPathOf(state: MyPhotosState): string {
  if (state.before) return withParameter(GRID_PATH, 'before', state.before);
  if (state.cursor) return withParameter(GRID_PATH, 'cursor', state.cursor);
  if (state.month) return withParameter(GRID_PATH, 'month', state.month);
  return GRID_PATH;
}

/** The first moment after `month` ("2024-09"): a listing until then starts at its end. */
/** The lowest id: a cursor at an instant with it lets every photo of that instant through. */
const BEFORE_ANY_ID = '00000000-0000-0000-0000-000000000000';

/**
 * "Jump to 2024-09": the timeline read from the end of that month on, as a cursor rather than a
 * filter, so that the page knows its place in the whole timeline ("Page 7 of 12") and links to
 * the newer photos above it.
 */
function cursorAtEndOf(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return encodeCursor({
    sort: 'taken',
    at: new Date(Date.UTC(year, monthNumber, 1)),
    id: BEFORE_ANY_ID,
  });
}

/** Builds the "My photos" page: the upload form and one page of the owner's photos. */
@Injectable()
export class MyPhotosPage {
  constructor(
    private readonly cards: GridCards,
    private readonly config: PhotosConfig,
  ) {}

  async build(owner: PhotoOwner, state: MyPhotosState = {}): Promise<MyPhotosView> {
    const jumped = !state.cursor && !state.before && state.month;
    const listing = await this.cards.of(
      owner,
      {
        limit: DEFAULT_PAGE_SIZE,
        cursor: jumped ? cursorAtEndOf(jumped) : state.cursor,
        before: state.before,
      },
      { withMonths: true },
    );
    const grid = gridView(listing, {
      base: GRID_PATH,
      gridPath: gridPathOf(state),
      pageSize: DEFAULT_PAGE_SIZE,
      month: jumped || undefined,
    });
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
      uploadOpen: listing.total === 0 || state.error !== undefined || refused.length > 0,
      grid,
      emptyText:
        listing.total === 0
          ? 'You have no photos yet. Upload your first one above.'
          : 'No photos here. Go back to the newest photos.',
      acceptedMediaTypes: BROWSER_MEDIA_TYPES.join(','),
      fileFieldAccept: FILE_FIELD_ACCEPT,
      unsupportedTypeText: RULE_TEXT.unsupportedType,
    };
  }
}
