/**
 * Variants of the HEIC fixture made by editing its container in place (same length, so no offset
 * moves): no encoder is needed, and the image data stays that of test/fixtures/photos.
 */

/** Where a box type's four letters first occur in the `meta` box (before any image data). */
function boxType(file: Buffer, type: string): number {
  const mdat = file.indexOf('mdat', 0, 'latin1');
  const at = file.indexOf(type, 0, 'latin1');
  if (at < 0 || at > mdat) throw new Error(`No ${type} box before the image data`);
  return at;
}

/** The same file with its `irot` property turned into a `free` box: stored sideways, EXIF only. */
export function withoutRotationBox(file: Buffer): Buffer {
  const copy = Buffer.from(file);
  copy.write('free', boxType(copy, 'irot'), 'latin1');
  return copy;
}

/** The same file with its `irot` property turned into `imir` (a mirror, 1 byte as irot). */
export function withMirrorBoxInstead(file: Buffer): Buffer {
  const copy = Buffer.from(file);
  copy.write('imir', boxType(copy, 'irot'), 'latin1');
  return copy;
}

/**
 * The same file whose container claims another size (`ispe`): what a decompression bomb looks
 * like to every check made before decoding.
 */
export function withDeclaredSize(file: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(file);
  const body = boxType(copy, 'ispe') + 4 + 4; // the type, then version and flags
  copy.writeUInt32BE(width, body);
  copy.writeUInt32BE(height, body + 4);
  return copy;
}

/** The same file cut short: the image data ends before the container says it does. */
export function truncated(file: Buffer, keep = Math.floor(file.length / 2)): Buffer {
  return file.subarray(0, keep);
}
