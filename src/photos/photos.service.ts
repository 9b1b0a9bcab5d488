import { Injectable, Logger } from '@nestjs/common';
import { PhotosConfig } from '../config/config-slices';
import { readFile } from 'node:fs/promises';
import {
  ImageProcessor,
  ImageQueueTimeoutError,
  ImageRejectedError,
  MIME_TYPES,
  type ProcessedPhoto,
} from './image';
import type {
  Photo,
  PhotoApiFields,
  PhotoCard,
  PhotoFile,
  PhotoOwner,
  PhotoPage,
  PhotoVariant,
  PhotoWithNeighbours,
} from './photo';
import { PHOTO_API_FIELDS, PHOTO_CARD_FIELDS } from './photo';
import { cursorAfter, decodeCursor, encodeCursor } from './photo-cursor';
import type { ListOptions } from './photo-listing';
import { MAX_PAGE_SIZE } from './photo-rules';
import { downloadNameOf, safeFileName } from './photo-file-name';
import { PhotoInputError, PhotoNotFoundError, UploadCancelledError } from './photo-errors';
import { isPhotoId, newPhotoId } from './photo-id';
import { photoKey } from './photo-keys';
import { PhotoListingCache } from './listing-cache/photo-listing-cache';
import { type PageQuery, PhotosRepository } from './photos.repository';
import { PhotoStorage, StoredObjectNotFoundError } from './storage';

/** An uploaded file as received: spooled to disk, removed by the caller once the upload ends. */
export interface UploadedFile {
  path: string;
  sizeBytes: number;
  /** The name the client gave the file, if any (kept, made safe, for downloads of the original). */
  name?: string;
}

export interface UploadInput {
  /** `undefined` when no file was sent. */
  file: UploadedFile | undefined;
  /** As the description rule made it at the edge (photo-input.ts): trimmed, within the limit. */
  description: string;
}

export interface BatchInput {
  /** In the order they were sent; empty when none was. */
  files: UploadedFile[];
  /** One description for every photo of the batch, as the rules made it at the edge. */
  description: string;
}

/** A file of a batch that was not stored, and why (the reason is safe to show its uploader). */
export interface RefusedFile {
  /** The name the client gave the file ('' when none). */
  name: string;
  reason: string;
  /** The rule's own error, for callers that map it (e.g. to a status). */
  error: Error;
}

export interface BatchOutcome {
  stored: Photo[];
  refused: RefusedFile[];
}

/** What a delete of several photos did: each id asked for (once) is in one of the two. */
export interface BulkDeleteOutcome {
  deleted: string[];
  /** Not the caller's photo: missing, someone else's, or no photo id at all. Nothing changed. */
  notFound: string[];
}

/** Files deleted at once after a bulk delete: bounded, so 300 deletes are not 300 requests at once. */
const FILE_DELETES_AT_ONCE = 16;

/** A batch's file that waited too long for an image pipeline; the others may still go through. */
const BUSY_REASON = 'Too many photos were being processed at the time. Please try this one again.';

/** Presigned URLs are for one page view; a leaked one stops working soon. */
export const PRESIGNED_URL_TTL_SECONDS = 300;

interface FileToStore {
  variant: PhotoVariant;
  key: string;
  data: Buffer;
  contentType: string;
}

/**
 * The photo rules: what may be uploaded, who sees what, and that an upload is all or nothing.
 * Knows nothing of HTTP; errors are the typed ones of photo-errors.ts and the image module.
 */
@Injectable()
export class PhotosService {
  private readonly logger = new Logger(PhotosService.name);

  constructor(
    private readonly images: ImageProcessor,
    private readonly storage: PhotoStorage,
    private readonly repository: PhotosRepository,
    private readonly config: PhotosConfig,
    private readonly listings: PhotoListingCache,
  ) {}

  /**
   * The three files (untouched original, display copy, thumbnail) first, then the row; a failure
   * at any step leaves none of them behind. `cancelled` fires
   * when the uploader gives up (closes the connection): until the row is written, that stops the
   * upload and leaves nothing behind (`UploadCancelledError`).
   */
  async upload(owner: PhotoOwner, input: UploadInput, cancelled?: AbortSignal): Promise<Photo> {
    if (input.file === undefined) throw PhotoInputError.missingPhoto();
    if (input.file.sizeBytes > this.config.maxUploadBytes)
      throw PhotoInputError.photoTooLarge(this.config.maxUploadBytes);
    const processed = await this.processImage(input.file, cancelled);
    const id = newPhotoId();
    // The original is read back from the spool only once it proved to be an image we accept.
    const original = await readFile(input.file.path);
    const files = this.filesOf(owner.sub, id, original, processed);
    throwIfCancelled(cancelled);
    await this.storeAll(files);
    try {
      throwIfCancelled(cancelled);
      return await this.repository.insert({
        id,
        ownerSub: owner.sub,
        ownerUsername: owner.username,
        description: input.description,
        ...fileColumns(processed, files, input.file),
      });
    } catch (error) {
      await this.deleteFiles(
        files.map((file) => file.key),
        `insert of photo ${id} failed`,
      );
      throw error;
    } finally {
      // Even when the insert failed: it may have committed before its answer was lost.
      this.listings.invalidate(owner.sub);
    }
  }

  /**
   * Several files with one description, each stored or refused on its own (each photo all or
   * nothing across its three files), one after the other: a batch holds one image pipeline at a
   * time. No file or too many refuse the whole batch before any file is read (a bad description
   * is refused at the edge);
   * the uploader giving up stops it (photos already stored stay). Errors other than a file's own
   * refusal (storage or database down) end the batch.
   */
  async uploadBatch(
    owner: PhotoOwner,
    input: BatchInput,
    cancelled?: AbortSignal,
  ): Promise<BatchOutcome> {
    if (input.files.length === 0) throw PhotoInputError.missingPhoto();
    if (input.files.length > this.config.maxUploadFiles)
      throw PhotoInputError.tooManyPhotos(this.config.maxUploadFiles);
    const { description } = input;
    const outcome: BatchOutcome = { stored: [], refused: [] };
    for (const file of input.files) {
      try {
        outcome.stored.push(await this.upload(owner, { file, description }, cancelled));
      } catch (error) {
        const reason = refusalReason(error);
        if (reason === undefined) throw error;
        outcome.refused.push({ name: file.name ?? '', reason, error: error as Error });
      }
    }
    return outcome;
  }

  /** Waits for a free image pipeline (bounded: ImageQueueTimeoutError), unless cancelled first. */
  private async processImage(file: UploadedFile, cancelled?: AbortSignal): Promise<ProcessedPhoto> {
    try {
      return await this.images.process({ path: file.path }, cancelled);
    } catch (error) {
      throwIfCancelled(cancelled);
      throw error;
    }
  }

  /**
   * Newest first on the timeline (or by upload date: `options.sort`), narrowed by
   * `options.filter`; `nextCursor` is set when older photos follow, `previousCursor` when newer
   * ones come before.
   */
  list(owner: PhotoOwner, options: ListOptions): Promise<PhotoPage<PhotoApiFields>> {
    return this.page(owner, options, (query) =>
      this.repository.listFields(query, PHOTO_API_FIELDS),
    );
  }

  /** The same page with only what a grid of photos shows of each. */
  listCards(owner: PhotoOwner, options: ListOptions): Promise<PhotoPage<PhotoCard>> {
    return this.page(owner, options, (query) =>
      this.repository.listFields(query, PHOTO_CARD_FIELDS),
    );
  }

  private async page<T extends Pick<PhotoCard, 'id' | 'takenAt' | 'createdAt'>>(
    owner: PhotoOwner,
    options: ListOptions,
    read: (query: PageQuery) => Promise<T[]>,
  ): Promise<PhotoPage<T>> {
    const sort = options.sort ?? 'taken';
    const limit = Math.min(Math.max(Math.trunc(options.limit), 1), MAX_PAGE_SIZE);
    const decode = (cursor?: string) =>
      cursor === undefined ? undefined : decodeCursor(cursor, sort);
    const before = decode(options.before);
    const after = before ? undefined : decode(options.cursor);
    const query = { ownerSub: owner.sub, sort, filter: options.filter, after, before };
    // One row more than asked tells whether another page exists, without a COUNT.
    const rows = await read({ ...query, limit: limit + 1 });
    const more = rows.length > limit;
    // Read back from `before` oldest first: the page is the `limit` just newer, newest first.
    const items = before ? rows.slice(0, limit).reverse() : rows.slice(0, limit);
    const first = items[0];
    const last = items[items.length - 1];
    const olderFollow = before ? items.length > 0 : more;
    const newerPrecede = before ? more : after !== undefined && items.length > 0;
    return {
      items,
      nextCursor: olderFollow && last ? encodeCursor(cursorAfter(last, sort)) : undefined,
      previousCursor: newerPrecede && first ? encodeCursor(cursorAfter(first, sort)) : undefined,
    };
  }

  /**
   * Where a page starting at `first` stands in the listing (photos before it) and how many the
   * listing holds: the grid's "Page N of M".
   */
  position(
    owner: PhotoOwner,
    options: ListOptions,
    first: PhotoCard | undefined,
  ): Promise<{ total: number; newer: number }> {
    const sort = options.sort ?? 'taken';
    const at = first ? cursorAfter(first, sort) : undefined;
    return this.repository.position(owner.sub, sort, options.filter, at);
  }

  /** The months the owner has photos in on the timeline ("2024-09"), newest first, counted. */
  months(owner: PhotoOwner): Promise<{ month: string; count: number }[]> {
    return this.repository.months(owner.sub);
  }

  /** Someone else's photo, or an id that cannot exist, is "not found": existence is not revealed. */
  async get(owner: PhotoOwner, id: string): Promise<Photo> {
    if (!isPhotoId(id)) throw new PhotoNotFoundError();
    const photo = await this.repository.findOwned(owner.sub, id);
    if (!photo) throw new PhotoNotFoundError();
    return photo;
  }

  /** The photo and its neighbours on the timeline (for the photo page's links). */
  async getWithNeighbours(owner: PhotoOwner, id: string): Promise<PhotoWithNeighbours> {
    const photo = await this.get(owner, id);
    const { newer, older } = await this.repository.neighbours(owner.sub, photo);
    return { photo, newer, older };
  }

  /** `description` as the upload rules made it at the edge; answers the photo as stored now. */
  async updateDescription(owner: PhotoOwner, id: string, description: string): Promise<Photo> {
    if (!isPhotoId(id)) throw new PhotoNotFoundError();
    const photo = await this.repository
      .updateDescription(owner.sub, id, description)
      .finally(() => this.listings.invalidate(owner.sub));
    if (!photo) throw new PhotoNotFoundError();
    return photo;
  }

  /** The row goes first: once it is gone the photo is gone, whatever happens to its files. */
  async delete(owner: PhotoOwner, id: string): Promise<void> {
    if (!isPhotoId(id)) throw new PhotoNotFoundError();
    const keys = await this.repository
      .deleteOwned(owner.sub, id)
      .finally(() => this.listings.invalidate(owner.sub));
    if (!keys) throw new PhotoNotFoundError();
    // Rows from before originals were kept name one file twice (see the KeepOriginals migration).
    await this.deleteFiles([...new Set(keys)], `photo ${id} was deleted`);
  }

  /**
   * The caller's photos among `ids`, each once, in the order asked; an id that is not theirs (or
   * no photo id at all) is left out.
   */
  async getMany(owner: PhotoOwner, ids: readonly string[]): Promise<Photo[]> {
    const wanted = distinctIds(ids).filter(isPhotoId);
    const rows = await this.repository.findOwnedMany(owner.sub, wanted);
    const byId = new Map(rows.map((photo) => [photo.id, photo]));
    return wanted.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Deletes the caller's photos among `ids` (rows in one statement, then their files, as
   * `delete` does); the others are `notFound` and untouched. `beforeDelete` is told how many of
   * the ids are the caller's photos before anything is deleted, and may refuse the whole request
   * by throwing (the write budget, counted per photo).
   */
  async deleteMany(
    owner: PhotoOwner,
    ids: readonly string[],
    beforeDelete?: (photoCount: number) => Promise<void>,
  ): Promise<BulkDeleteOutcome> {
    const asked = distinctIds(ids);
    const valid = asked.filter(isPhotoId);
    const mine = await this.repository.findOwnedMany(owner.sub, valid);
    await beforeDelete?.(mine.length);
    const rows = await this.repository
      .deleteOwnedMany(owner.sub, valid)
      .finally(() => this.listings.invalidate(owner.sub));
    const deleted = new Set(rows.map((row) => row.id));
    await this.deleteFiles(
      [...new Set(rows.flatMap((row) => row.keys))],
      `${rows.length} photos were deleted together`,
    );
    return {
      deleted: asked.filter((id) => deleted.has(id)),
      notFound: asked.filter((id) => !deleted.has(id)),
    };
  }

  /**
   * The stored bytes of one variant, or a short-lived URL to the display copy or thumbnail when
   * storage presigns. The original is always streamed by the app, so that it goes out as a
   * download with our headers (nosniff, sandbox) whatever the store would send.
   */
  async open(owner: PhotoOwner, id: string, variant: PhotoVariant): Promise<PhotoFile> {
    const photo = await this.get(owner, id);
    const { key, contentType } = variantOf(photo, variant);
    if (variant !== 'original') {
      const url = await this.storage.presignedUrl(key, PRESIGNED_URL_TTL_SECONDS);
      if (url !== undefined) return { kind: 'redirect', url };
    }
    try {
      const stored = await this.storage.get(key);
      return {
        kind: 'stream',
        body: stored.body,
        contentType,
        sizeBytes: stored.sizeBytes,
        downloadName: variant === 'original' ? downloadNameOf(photo) : undefined,
      };
    } catch (error) {
      if (!(error instanceof StoredObjectNotFoundError)) throw error;
      this.logger.error(`Photo ${id} has a row but no ${variant} file (${key})`);
      throw new PhotoNotFoundError();
    }
  }

  private filesOf(
    ownerSub: string,
    id: string,
    original: Buffer,
    processed: ProcessedPhoto,
  ): FileToStore[] {
    const file = (variant: PhotoVariant, data: Buffer, contentType: string): FileToStore => ({
      variant,
      key: photoKey(ownerSub, id, variant, contentType),
      data,
      contentType,
    });
    return [
      file('original', original, MIME_TYPES[processed.source.type]),
      file('image', processed.display.data, processed.display.contentType),
      file('thumbnail', processed.thumbnail.data, processed.thumbnail.contentType),
    ];
  }

  /** Writes every file; if any write fails, removes the ones that were written, then throws. */
  private async storeAll(files: FileToStore[]): Promise<void> {
    const results = await Promise.allSettled(
      files.map((file) => this.storage.put(file.key, file.data, file.contentType)),
    );
    const failure = results.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    if (!failure) return;
    await this.deleteFiles(
      files.map((file) => file.key),
      'a photo file could not be stored',
    );
    throw failure.reason;
  }

  /** Best effort: a file left behind is logged, and the orphan sweeper removes it on a later start. */
  private async deleteFiles(keys: string[], why: string): Promise<void> {
    for (let start = 0; start < keys.length; start += FILE_DELETES_AT_ONCE) {
      const some = keys.slice(start, start + FILE_DELETES_AT_ONCE);
      const results = await Promise.allSettled(some.map((key) => this.storage.delete(key)));
      results.forEach((result, index) => {
        if (result.status === 'rejected') {
          this.logger.warn(`Could not delete ${some[index]} (${why}): ${String(result.reason)}`);
        }
      });
    }
  }
}

/** Why one file of a batch was refused; `undefined` when the error is not about that file. */
function refusalReason(error: unknown): string | undefined {
  if (error instanceof ImageRejectedError) return error.reason;
  if (error instanceof PhotoInputError && error.problem === 'photo-too-large') return error.reason;
  if (error instanceof ImageQueueTimeoutError) return BUSY_REASON;
  return undefined;
}

/** Each id once; photo ids in the database's lowercase form, so two spellings count once. */
function distinctIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => (isPhotoId(id) ? id.toLowerCase() : id)))];
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new UploadCancelledError();
}

function fileColumns(processed: ProcessedPhoto, files: FileToStore[], upload: UploadedFile) {
  const keyOf = (variant: PhotoVariant) => files.find((file) => file.variant === variant)!.key;
  const { source, display, thumbnail } = processed;
  const originalContentType = MIME_TYPES[source.type];
  return {
    contentType: display.contentType,
    width: display.width,
    height: display.height,
    sizeBytes: display.sizeBytes,
    imageKey: keyOf('image'),
    originalKey: keyOf('original'),
    originalContentType,
    originalSizeBytes: upload.sizeBytes,
    originalWidth: source.width,
    originalHeight: source.height,
    originalFileName: safeFileName(upload.name, originalContentType),
    takenAt: source.capturedAt?.at ?? null,
    takenAtOffset: source.capturedAt?.offset ?? null,
    thumbnailKey: keyOf('thumbnail'),
    thumbnailContentType: thumbnail.contentType,
    thumbnailWidth: thumbnail.width,
    thumbnailHeight: thumbnail.height,
    thumbnailSizeBytes: thumbnail.sizeBytes,
  };
}

function variantOf(photo: Photo, variant: PhotoVariant): { key: string; contentType: string } {
  switch (variant) {
    case 'original':
      return { key: photo.originalKey, contentType: photo.originalContentType };
    case 'image':
      return { key: photo.imageKey, contentType: photo.contentType };
    case 'thumbnail':
      return { key: photo.thumbnailKey, contentType: photo.thumbnailContentType };
  }
}
