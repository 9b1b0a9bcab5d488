import { ALBUM_TEXT } from './album-rules';

/**
 * The album rules' errors; `http/album-http-errors.ts` maps each to a status. `reason` is safe to
 * show to the person who made the request.
 */

/** No such album of the caller's: missing, someone else's, or not even a valid id (never 403). */
export class AlbumNotFoundError extends Error {
  readonly reason = ALBUM_TEXT.notFound;

  constructor() {
    super('Album not found');
    this.name = 'AlbumNotFoundError';
  }
}

/** The photo is not (or no longer) in the album, or is no photo of the caller's. */
export class AlbumPhotoNotFoundError extends Error {
  readonly reason = ALBUM_TEXT.photoNotInAlbum;

  constructor() {
    super('Photo not in album');
    this.name = 'AlbumPhotoNotFoundError';
  }
}

/** None of a page's selection is a photo of the caller's (a form edited, or photos just deleted). */
export class SelectionNotFoundError extends Error {
  readonly reason = ALBUM_TEXT.selectionNotFound;

  constructor() {
    super('No photo of the selection found');
    this.name = 'SelectionNotFoundError';
  }
}
