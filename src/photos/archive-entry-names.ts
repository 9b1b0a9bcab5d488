/** Characters a zip entry name never keeps: controls (C0, DEL, C1) and the bidi overrides. */
const UNSAFE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A file name for a zip entry that unzips to one file beside the others, never a path: only
 * what follows the last `/` or `\`, without control characters, leading dots or spaces (so no
 * `..`, no hidden file); `photo` plus the extension when nothing is left.
 */
export function entryFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const cleaned = last
    .replace(UNSAFE, '')
    .replace(/^[\s.]+/, '')
    .trim();
  return cleaned.length > 0 && /[^.]/.test(cleaned) ? cleaned : 'photo';
}

/**
 * Each name made safe (entryFileName) and unique in the list, the first keeping its name and the
 * next ones numbered before the extension: `a.jpg`, `a (2).jpg`, `a (3).jpg`. Unique without
 * regard to case, as the file systems of Windows and macOS see names.
 */
export function uniqueEntryNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw) => {
    const name = entryFileName(raw);
    const dot = name.lastIndexOf('.');
    const [base, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
      candidate = `${base} (${n})${extension}`;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
