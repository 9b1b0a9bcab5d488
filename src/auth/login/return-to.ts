/** Where a sign-in ends when it was not going anywhere in particular: the person's photos. */
export const DEFAULT_RETURN_TO = '/myphotos';

/** Any origin works as the base: only a path on it is ever kept. `.invalid` can never resolve. */
const BASE = 'http://photos.invalid';
const MAX_LENGTH = 2000;

// Control characters and backslashes are never needed in our paths and confuse URL parsers
// (browsers read "\" as "/", and drop tabs and newlines).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
// Encoded dots, slashes, backslashes and control characters in the path: a path of ours never
// needs them, and they survive one decoding only to become "..", "//" or "\" in a later one.
const FORBIDDEN_PATH_ESCAPES = /%(2e|2f|5c|[01][0-9a-f]|7f)/i;
// The query may carry an encoded path of its own (the photo page's `?returnTo=%2Fmyphotos…`):
// a query is never read as a path, so only encoded control characters are refused there.
const FORBIDDEN_QUERY_ESCAPES = /%([01][0-9a-f]|7f)/i;

/**
 * Pages a sign-in must not come back to: the home page (the person was going nowhere in
 * particular) and the sign-in routes themselves, which would only start another round.
 */
const NOT_A_DESTINATION = new Set(['/', '/login', '/callback', '/logout']);

/**
 * Keeps only a same-origin path ("/myphotos?page=2"); anything that could leave the site
 * ("https://evil.example", "//evil.example", "/\\evil.example", "/.//evil.example",
 * "javascript:…"), and the home page, become DEFAULT_RETURN_TO. The path is resolved (dot
 * segments removed) and then checked again, since resolving can turn "/.//x" into the
 * scheme-relative "//x".
 */
export function safeReturnTo(value: unknown): string {
  const path = localPath(value);
  return path === undefined || NOT_A_DESTINATION.has(path.split('?')[0]) ? DEFAULT_RETURN_TO : path;
}

function localPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return;
  if (FORBIDDEN_CHARACTERS.test(value) || !escapesAllowed(value)) return;
  if (!isLocalPath(value)) return;
  let parsed: URL;
  try {
    parsed = new URL(value, BASE);
  } catch {
    return;
  }
  if (parsed.origin !== BASE || parsed.username || parsed.password) return;
  const normalised = `${parsed.pathname}${parsed.search}`;
  return isLocalPath(normalised) ? normalised : undefined;
}

function escapesAllowed(value: string): boolean {
  const queryStart = value.search(/[?#]/);
  const path = queryStart === -1 ? value : value.slice(0, queryStart);
  const rest = queryStart === -1 ? '' : value.slice(queryStart);
  return !FORBIDDEN_PATH_ESCAPES.test(path) && !FORBIDDEN_QUERY_ESCAPES.test(rest);
}

/** One leading slash, not two: "//host" is a URL on another host. */
function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//');
}
