import { safeReturnTo } from '../../auth/login/return-to';

export const GRID_PATH = '/myphotos';

/** Our own pages a photo page or a delete may send people back to: a grid page or a photo page. */
const RETURNABLE = /^\/(myphotos|photos\/[0-9a-fA-F-]{36})(\?|$)/;

/**
 * Where to go back to after a photo page or a delete: only a same-origin path to a grid page or a
 * photo page (never another site, `//host`, `javascript:` or any other page of ours), else the
 * first grid page. The value comes from a query string or a form field, so it is untrusted.
 */
export function photoReturnTo(value: unknown): string {
  const path = safeReturnTo(value);
  return RETURNABLE.test(path) ? path : GRID_PATH;
}

/** `path?returnTo=…`, the way every photo link carries the place to come back to. */
export function withReturnTo(path: string, returnTo: string): string {
  return returnTo === GRID_PATH ? path : `${path}?returnTo=${encodeURIComponent(returnTo)}`;
}
