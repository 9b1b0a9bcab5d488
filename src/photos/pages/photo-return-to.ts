export const GRID_PATH = '/myphotos';

/**
 * The only places a photo page or a delete may send people back to, as an allowlist of exact
 * shapes: a grid page (its cursor, or the month it jumped to), a search page, an album's page
 * (where a selection of its photos may be deleted), or a photo page carrying a grid or search page
 * (encoded) as its own way back.
 */
const GRID =
  /^\/myphotos(\?(cursor|before)=[A-Za-z0-9_-]{1,128}(&page=[1-9]\d{0,5})?|\?month=\d{4}-(0[1-9]|1[0-2]))?$/;
/** A search page: only URL-safe characters and escapes, so nothing but a query on /search. */
const SEARCH = /^\/search\?[A-Za-z0-9%._~+=&-]{1,600}$/;
/** An album's page, from its first page or a cursor (the album's owner check is its own). */
const ALBUM = /^\/albums\/[0-9a-f-]{36}(\?cursor=[A-Za-z0-9_-]{1,128})?$/;
const PHOTO = /^\/photos\/[0-9a-f-]{36}(\?returnTo=([A-Za-z0-9%._~!*'()-]{1,1200}))?$/;

function isListing(value: string): boolean {
  return GRID.test(value) || SEARCH.test(value);
}

function isPhotoPage(value: string): boolean {
  const match = PHOTO.exec(value);
  if (!match) return false;
  if (match[2] === undefined) return true;
  let inner: string;
  try {
    inner = decodeURIComponent(match[2]);
  } catch {
    return false;
  }
  // Exactly as withReturnTo writes it: one way to spell each place.
  return encodeURIComponent(inner) === match[2] && isListing(inner);
}

/**
 * Where to go back to after a photo page or a delete: only a same-origin path to a grid, search,
 * album or photo page (never another site, `//host`, `javascript:` or any other page of ours), else the
 * first grid page. The value comes from a query string or a form field, so it is untrusted.
 */
export function photoReturnTo(value: unknown): string {
  if (typeof value !== 'string') return GRID_PATH;
  return isListing(value) || ALBUM.test(value) || isPhotoPage(value) ? value : GRID_PATH;
}

/** `path?returnTo=…`, the way every photo link carries the place to come back to. */
export function withReturnTo(path: string, returnTo: string): string {
  return returnTo === GRID_PATH ? path : `${path}?returnTo=${encodeURIComponent(returnTo)}`;
}
