/**
 * Keeps only same-origin relative paths ("/myphotos?page=2"); anything that could leave the site
 * ("https://evil.example", "//evil.example", "/\\evil.example", "javascript:…") becomes "/".
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters and backslashes are never needed in our paths and confuse URL parsers.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  const base = 'http://photos.invalid';
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    return '/';
  }
  if (parsed.origin !== base) return '/';
  return `${parsed.pathname}${parsed.search}`;
}
