import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { ACCEPTED_FORMATS, type AcceptedImageType } from '../photo-rules';

export type { AcceptedImageType };

/**
 * Decides an upload's type from its first bytes (file-type's magic-number detectors), before any
 * decoder sees it. Only the formats we accept map to a type; everything else (SVG, HTML, PDF,
 * camera raw, …) is `undefined`, so sharp never parses a format we refuse (SVG would pull in
 * librsvg and XML). file-type names every HEIF brand but `avif` a `heic`: the decoder, reading the
 * codec inside, has the last word between AVIF and HEIC (image-processor.ts).
 */
const acceptedTypes = Object.keys(ACCEPTED_FORMATS) as AcceptedImageType[];

/** The media type of each accepted format, as the original is stored and downloaded. */
export const MIME_TYPES = Object.fromEntries(
  acceptedTypes.map((type) => [type, ACCEPTED_FORMATS[type].mediaType]),
) as Readonly<Record<AcceptedImageType, string>>;

/**
 * file-type's extension → ours: file-type names each format by its usual extension, the first
 * of ours. An animated PNG (APNG) is a PNG to the decoder.
 */
const ACCEPTED: Readonly<Record<string, AcceptedImageType>> = {
  ...Object.fromEntries(acceptedTypes.map((type) => [ACCEPTED_FORMATS[type].extensions[0], type])),
  apng: 'png',
};

/**
 * The accepted type of an upload (in memory or spooled to a file), or `undefined` when it is
 * anything else. The whole input, not a head: file-type follows a TIFF's first IFD, wherever it
 * is, to tell TIFF from the camera-raw formats built on it; a file is read only as far as needed.
 */
export async function sniffImageType(
  input: Buffer | { path: string },
): Promise<AcceptedImageType | undefined> {
  const found = Buffer.isBuffer(input)
    ? await fileTypeFromBuffer(input)
    : await fileTypeFromFile(input.path);
  return found && Object.hasOwn(ACCEPTED, found.ext) ? ACCEPTED[found.ext] : undefined;
}
