export const GRID_PATH = '/myphotos';

/**
 * The only places a photo page or a delete may send people back to, as an allowlist of exact
 * shapes: a grid page (with its cursor and page number), or a photo page carrying its own
 * (encoded) grid page.
 */
const GRID = /^\/myphotos(\?cursor=[A-Za-z0-9_-]{1,128}(&page=[1-9]\d{0,5})?)?$/;
const PHOTO =
  /^\/photos\/[0-9a-f-]{36}(\?returnTo=%2Fmyphotos(%3Fcursor%3D[A-Za-z0-9_-]{1,128}(%26page%3D[1-9]\d{0,5})?)?)?$/;

/**
 * Where to go back to after a photo page or a delete: only a same-origin path to a grid page or a
 * photo page (never another site, `//host`, `javascript:` or any other page of ours), else the
 * first grid page. The value comes from a query string or a form field, so it is untrusted.
 */
export function photoReturnTo(value: unknown): string {
  if (typeof value !== 'string') return GRID_PATH;
  return GRID.test(value) || PHOTO.test(value) ? value : GRID_PATH;
}

/** `path?returnTo=…`, the way every photo link carries the place to come back to. */
export function withReturnTo(path: string, returnTo: string): string {
  return returnTo === GRID_PATH ? path : `${path}?returnTo=${encodeURIComponent(returnTo)}`;
}
