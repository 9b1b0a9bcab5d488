/**
 * Decides an upload's type from its first bytes (magic numbers), before any decoder sees it.
 * Only the formats we accept are recognised; everything else (SVG, HTML, PDF, HEIC, …) is
 * `undefined`, so sharp never parses a format we refuse (SVG would pull in librsvg and XML).
 */
export type AcceptedImageType = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'tiff';

/** The media type of each accepted format, as the original is stored and downloaded. */
export const MIME_TYPES: Readonly<Record<AcceptedImageType, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  tiff: 'image/tiff',
};

const startsWith = (buf: Buffer, signature: number[], offset = 0): boolean =>
  buf.length >= offset + signature.length && signature.every((b, i) => buf[offset + i] === b);

const ascii = (buf: Buffer, start: number, end: number): string =>
  buf.toString('latin1', start, Math.min(end, buf.length));

const isJpeg = (buf: Buffer): boolean => startsWith(buf, [0xff, 0xd8, 0xff]);

const isPng = (buf: Buffer): boolean =>
  startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const isGif = (buf: Buffer): boolean => ['GIF87a', 'GIF89a'].includes(ascii(buf, 0, 6));

/** RIFF container whose form type is WEBP. */
const isWebp = (buf: Buffer): boolean =>
  ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP';

/** Classic TIFF ("II*\0" / "MM\0*") and BigTIFF ("II+\0" / "MM\0+"), both read by libtiff. */
const isTiff = (buf: Buffer): boolean =>
  startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) ||
  startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a]) ||
  startsWith(buf, [0x49, 0x49, 0x2b, 0x00]) ||
  startsWith(buf, [0x4d, 0x4d, 0x00, 0x2b]);

const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * ISO-BMFF `ftyp` box: size (4 bytes), "ftyp", major brand, minor version, compatible brands.
 * AVIF files name the `avif` (still) or `avis` (sequence) brand; HEIC files (`heic`, `heix`, `mif1`
 * only) do not, and are refused: the decoder cannot read HEVC and the design accepts AVIF only.
 */
const isAvif = (buf: Buffer): boolean => {
  if (buf.length < 16 || ascii(buf, 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min(buf.readUInt32BE(0), buf.length, 4096);
  const brands = [ascii(buf, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4)
    brands.push(ascii(buf, offset, offset + 4));
  return brands.some((brand) => AVIF_BRANDS.has(brand));
};

const DETECTORS: ReadonlyArray<[AcceptedImageType, (buf: Buffer) => boolean]> = [
  ['jpeg', isJpeg],
  ['png', isPng],
  ['webp', isWebp],
  ['gif', isGif],
  ['avif', isAvif],
  ['tiff', isTiff],
];

/** The accepted type these bytes start with, or `undefined` when they are anything else. */
export function sniffImageType(buf: Buffer): AcceptedImageType | undefined {
  return DETECTORS.find(([, detect]) => detect(buf))?.[0];
}
