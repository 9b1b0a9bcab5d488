/** Any origin works as the base: only a path on it is ever kept. `.invalid` can never resolve. */
const BASE = 'http://photos.invalid';
const MAX_LENGTH = 2000;

// Control characters and backslashes are never needed in our paths and confuse URL parsers
// (browsers read "\" as "/", and drop tabs and newlines).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
// Encoded dots, slashes, backslashes and control characters: a path of ours never needs them,
// and they survive one decoding only to become "..", "//" or "\" in a later one.
const FORBIDDEN_ESCAPES = /%(2e|2f|5c|[01][0-9a-f]|7f)/i;

/**
 * Keeps only a same-origin path ("/myphotos?page=2"); anything that could leave the site
 * ("https://evil.example", "//evil.example", "/\\evil.example", "/.//evil.example",
 * "javascript:…") becomes "/". The path is resolved (dot segments removed) and then checked
 * again, since resolving can turn "/.//x" into the scheme-relative "//x".
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return '/';
  if (FORBIDDEN_CHARACTERS.test(value) || FORBIDDEN_ESCAPES.test(value)) return '/';
  if (!isLocalPath(value)) return '/';
  let parsed: URL;
  try {
    parsed = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (parsed.origin !== BASE || parsed.username || parsed.password) return '/';
  const normalised = `${parsed.pathname}${parsed.search}`;
  return isLocalPath(normalised) ? normalised : '/';
}

/** One leading slash, not two: "//host" is a URL on another host. */
function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//');
}
