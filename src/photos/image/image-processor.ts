import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { open, readFile } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import {
  CorruptImageError,
  EmptyImageError,
  ImageRejectedError,
  ImageTooLargeError,
  UnsupportedImageTypeError,
} from './image-errors';
import { ImageQueue } from './image-queue';
import { type CaptureDate, readCaptureDate } from './capture-date';
import {
  type ExifOrientation,
  isQuarterTurn,
  orient,
  readExifOrientation,
} from './exif-orientation';
import { type DecodedHeic, HeicDecoder } from './heic-decoder';
import { type HeifContainer, readHeifContainer } from './heif-boxes';
import { type AcceptedImageType, sniffImageType } from './image-type';

/** The bytes to process: in memory, or a file (an upload spooled to disk), which sharp streams. */
export type ImageSource = Buffer | { path: string };

/** Enough of a file's start for every magic-number check in image-type.ts (AVIF's ftyp box). */
const SNIFF_BYTES = 4096;

export interface ProcessedImage {
  data: Buffer;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  sizeBytes: number;
}

/** What the uploaded file itself is: the original is stored as sent, so it is only described. */
export interface SourceImage {
  type: AcceptedImageType;
  /** As a person sees it, i.e. after EXIF orientation (a portrait phone photo is taller). */
  width: number;
  height: number;
  /** Read from EXIF before the display copy drops all metadata; undefined when absent. */
  capturedAt?: CaptureDate;
}

export interface ProcessedPhoto {
  source: SourceImage;
  /** The copy pages show: at most `maxDimension` px, upright, no metadata. */
  display: ProcessedImage;
  thumbnail: ProcessedImage;
}

export interface ImageProcessorOptions {
  /** Largest accepted width × height of the input (decompression-bomb guard). */
  maxInputPixels: number;
  /** Longest side of the stored image, in pixels. */
  maxDimension: number;
  /** The thumbnail fits a square of this side. */
  thumbnailSize: number;
  jpegQuality: number;
}

export const DEFAULT_IMAGE_PROCESSOR_OPTIONS: Readonly<ImageProcessorOptions> = {
  maxInputPixels: 50_000_000,
  maxDimension: 2048,
  thumbnailSize: 300,
  jpegQuality: 85,
};

/** Without a queue from the module (unit tests, benches): two pipelines, a generous wait. */
const DEFAULT_QUEUE = { concurrency: 2, maxWaitMs: 60_000 };

/** Optional Nest provider token for `Partial<ImageProcessorOptions>`. */
export const IMAGE_PROCESSOR_OPTIONS = Symbol('IMAGE_PROCESSOR_OPTIONS');

type OutputFormat = 'jpeg' | 'png';

/** The format sharp's decoder must report for each sniffed type (AVIF and HEIC: libheif). */
const EXPECTED_DECODER: Record<AcceptedImageType, Metadata['format']> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'heif',
  tiff: 'tiff',
  heic: 'heif',
};

const CONTENT_TYPES: Record<OutputFormat, ProcessedImage['contentType']> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/**
 * Turns uploaded bytes into a normalised image and a thumbnail, or refuses them with an
 * `ImageRejectedError`. Knows nothing of HTTP, names or declared content types: only bytes.
 *
 * Output: JPEG for opaque inputs; PNG for inputs with an alpha channel (every GIF, transparent
 * PNG/WebP/AVIF/TIFF), because JPEG cannot hold transparency and PNG is lossless, so screenshots and
 * graphics, the usual sources of alpha, stay sharp. sharp drops all metadata (EXIF, GPS, XMP, IPTC,
 * ICC) unless told to keep it, and we never tell it to.
 *
 * HEIC: sharp reads the container (size, EXIF) but its libheif has no HEVC decoder, so the pixels
 * come from `HeicDecoder` (libheif-js in worker threads) and go on through sharp as raw pixels.
 */
@Injectable()
export class ImageProcessor implements OnModuleDestroy {
  private readonly options: ImageProcessorOptions;
  private readonly queue: ImageQueue;
  private readonly heic = new HeicDecoder();

  constructor(
    @Optional() @Inject(IMAGE_PROCESSOR_OPTIONS) options: Partial<ImageProcessorOptions> = {},
    @Optional() queue?: ImageQueue,
  ) {
    this.options = { ...DEFAULT_IMAGE_PROCESSOR_OPTIONS, ...options };
    this.queue = queue ?? new ImageQueue(DEFAULT_QUEUE);
    // libvips' operation cache only pays off when the same input is processed again; every
    // upload is new, so it just holds memory (10–20 MiB less peak RSS without it, in the bench).
    sharp.cache(false);
  }

  async onModuleDestroy(): Promise<void> {
    await this.heic.close();
  }

  /**
   * Waits for a free pipeline (see ImageQueue: `ImageQueueTimeoutError` when none frees up in
   * time; the signal's reason when the caller gives up first), then processes the image.
   */
  async process(input: ImageSource, signal?: AbortSignal): Promise<ProcessedPhoto> {
    const head = await firstBytes(input);
    if (head.length === 0) throw new EmptyImageError();
    const type = await sniffImageType(input);
    if (type === undefined) throw new UnsupportedImageTypeError();
    return this.queue.run(() => this.processImage(input, type), signal);
  }

  private async processImage(
    input: ImageSource,
    sniffed: AcceptedImageType,
  ): Promise<ProcessedPhoto> {
    const header = await this.readHeader(input);
    // The decoder must agree with the magic bytes.
    if (header.format !== EXPECTED_DECODER[sniffed]) throw new UnsupportedImageTypeError();
    if (header.format !== 'heif') return this.processWithSharp(input, sniffed, header);
    // HEIF: the codec inside decides, not the brand (heif-boxes.ts).
    const file = Buffer.isBuffer(input) ? input : await readFile(input.path);
    const container = readHeifContainer(file);
    if (container.codec === 'av1') return this.processWithSharp(input, 'avif', header);
    if (container.codec === 'hevc') return this.processHeic(file, container, header);
    throw new UnsupportedImageTypeError();
  }

  private async processWithSharp(
    input: ImageSource,
    type: AcceptedImageType,
    header: Metadata,
  ): Promise<ProcessedPhoto> {
    const format: OutputFormat = header.hasAlpha ? 'png' : 'jpeg';
    // Two pipelines from the input, one after the other: the thumbnail's decoder shrinks on load
    // (JPEG DCT scaling), so it is cheap. Running them together was no faster on 2 cores and
    // raised peak RSS by ~35 MiB (bench/upload/process-image.bench.ts).
    const display = await this.render(
      this.decoder(input).autoOrient(),
      this.options.maxDimension,
      format,
    );
    return {
      source: await sourceImage(type, header),
      display,
      thumbnail: await this.thumbnailOf(display, format),
    };
  }

  /**
   * The header has passed the pixel limit (libheif in sharp read it from the container); the
   * worker checks it again before decoding. libheif applies the container's rotation and mirror;
   * the EXIF Orientation counts only when the container has neither (see heif-boxes.ts).
   */
  private async processHeic(
    file: Buffer,
    container: HeifContainer,
    header: Metadata,
  ): Promise<ProcessedPhoto> {
    const decoded = await this.heic.decode(file, this.options.maxInputPixels);
    const orientation: ExifOrientation = container.transformed
      ? 1
      : await readExifOrientation(header.exif);
    const format: OutputFormat = decoded.channels === 4 ? 'png' : 'jpeg';
    const upright = orient(this.rawDecoder(decoded), orientation);
    const display = await this.render(upright, this.options.maxDimension, format);
    const turned = isQuarterTurn(orientation);
    const source: SourceImage = {
      type: 'heic',
      width: turned ? decoded.height : decoded.width,
      height: turned ? decoded.width : decoded.height,
      capturedAt: await readCaptureDate(header.exif),
    };
    return { source, display, thumbnail: await this.thumbnailOf(display, format) };
  }

  /**
   * From the display copy (upright, at most maxDimension): decoding it costs a third of decoding
   * the original again, even with the JPEG decoder's shrink-on-load (docs/PERFORMANCE.md).
   */
  private thumbnailOf(display: ProcessedImage, format: OutputFormat): Promise<ProcessedImage> {
    return this.render(this.decoder(display.data).autoOrient(), this.options.thumbnailSize, format);
  }

  /**
   * Reads only the header (no pixel decoding) and refuses bombs by their declared pixel count, so a
   * 40000x40000 PNG costs a few kilobytes of parsing.
   */
  private async readHeader(input: ImageSource): Promise<Metadata> {
    const header = await this.decoder(input)
      .metadata()
      .catch((error: unknown) => {
        throw this.rejection(error);
      });
    if (header.width * header.height > this.options.maxInputPixels) {
      throw new ImageTooLargeError(this.options.maxInputPixels);
    }
    return header;
  }

  private async render(image: Sharp, box: number, format: OutputFormat): Promise<ProcessedImage> {
    const resized = image.resize(box, box, { fit: 'inside', withoutEnlargement: true });
    const encoded = format === 'png' ? resized.png() : resized.jpeg(this.jpegOptions());
    try {
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      const contentType = CONTENT_TYPES[format];
      return { data, contentType, width: info.width, height: info.height, sizeBytes: data.length };
    } catch (error) {
      throw this.rejection(error);
    }
  }

  /** Every decode goes through here, so every one carries the pixel limit (the second guard). */
  private decoder(input: ImageSource): Sharp {
    const options: SharpOptions = {
      limitInputPixels: this.options.maxInputPixels,
      // 'error' refuses truncated and damaged data (with 'none', libjpeg pads a truncated JPEG
      // with grey rows), yet tolerates the benign warnings some cameras' files raise (such as
      // extraneous bytes before a marker), which sharp's default, 'warning', turns into refusals.
      failOn: 'error',
      // The first frame/page only: GIF animations, animated WebP, multi-page TIFF.
      pages: 1,
      page: 0,
    };
    return sharp(Buffer.isBuffer(input) ? input : input.path, options);
  }

  /** Pixels decoded elsewhere (HEIC), under the same pixel limit. */
  private rawDecoder({ data, width, height, channels }: DecodedHeic): Sharp {
    return sharp(data, {
      raw: { width, height, channels },
      limitInputPixels: this.options.maxInputPixels,
    });
  }

  private jpegOptions(): sharp.JpegOptions {
    // mozjpeg off: it saves ~10 % of bytes at several times the encode time.
    return { quality: this.options.jpegQuality, mozjpeg: false };
  }

  /** Maps a decoder failure to the user-facing error; sharp's errors are plain `Error`s. */
  private rejection(error: unknown): ImageRejectedError {
    if (error instanceof ImageRejectedError) return error;
    if (error instanceof Error && /exceeds pixel limit/i.test(error.message)) {
      return new ImageTooLargeError(this.options.maxInputPixels);
    }
    return new CorruptImageError(error);
  }
}

/** The first bytes of the input, for sniffing its type without reading a whole file. */
async function firstBytes(input: ImageSource): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input.subarray(0, SNIFF_BYTES);
  const file = await open(input.path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** EXIF orientations 5–8 turn the picture by 90°: its stored width is the height people see. */
async function sourceImage(type: AcceptedImageType, header: Metadata): Promise<SourceImage> {
  const turned = (header.orientation ?? 1) >= 5;
  return {
    type,
    width: turned ? header.height : header.width,
    height: turned ? header.width : header.height,
    capturedAt: await readCaptureDate(header.exif),
  };
}
