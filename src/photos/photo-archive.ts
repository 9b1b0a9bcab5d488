import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { Clock } from '../common/clock';
import { uniqueEntryNames } from './archive-entry-names';
import type { Photo, PhotoOwner } from './photo';
import { PhotoNotFoundError } from './photo-errors';
import { downloadNameOf } from './photo-file-name';
import { PhotosService } from './photos.service';
import { PhotoStorage, StoredObjectNotFoundError } from './storage';

/** Unix permissions of each file as unzipped: a regular file its owner may change. */
const ENTRY_MODE = 0o100644;

/** The entry that says which photos a zip lacks, when some originals are gone from storage. */
const MISSING_NOTE_NAME = 'MISSING.txt';

/**
 * A zip of several photos' originals, made while it is sent. Knows nothing of HTTP.
 *
 * The entries are stored, not compressed (photos are compressed already, and a stored entry costs
 * no CPU), under the names they were uploaded with, made safe and unique. Memory stays flat
 * whatever the total: each original is opened only once the previous one is read and closed, and
 * the stream's back-pressure paces the reads to the client's pace. yazl writes ZIP64 records by
 * itself once the archive passes 4 GB.
 *
 * An original is opened before its entry is added, so a photo whose original is gone from storage
 * (a row without its file) is left out cleanly, and a last text entry names it: one lost file
 * must not make the other 199 unreadable. Any other failure still ends the stream (logged).
 */
@Injectable()
export class PhotoArchive {
  private readonly logger = new Logger(PhotoArchive.name);

  constructor(
    private readonly photos: PhotosService,
    private readonly storage: PhotoStorage,
    private readonly clock: Clock,
  ) {}

  /**
   * The zip of the caller's photos among `ids`, in the order asked; ids that are not theirs are
   * left out, and none at all is PhotoNotFoundError. If every original is missing, the zip holds
   * only the note. The caller must consume or destroy the stream: destroying it (the client went
   * away) closes the original being read.
   */
  async archive(owner: PhotoOwner, ids: readonly string[]): Promise<Readable> {
    const photos = await this.photos.getMany(owner, ids);
    if (photos.length === 0) throw new PhotoNotFoundError();
    return this.zip(photos);
  }

  private zip(photos: Photo[]): Readable {
    const zip = new ZipFile();
    const output = readableOf(zip.outputStream);
    const names = uniqueEntryNames([...photos.map(downloadNameOf), MISSING_NOTE_NAME]);
    const noteName = names[photos.length];
    const entries = photos.map((photo, index) => ({ photo, name: names[index] }));
    let reading: Readable | undefined;
    let closed = false;
    // However the zip ends (sent, failed, or destroyed because the client left), the original
    // being read is closed now: a file handle left to the garbage collector is fatal on Node 26.
    output.once('close', () => {
      closed = true;
      reading?.destroy();
    });
    zip.on('error', (error: Error) => {
      this.logger.warn(`A zip of ${photos.length} originals stopped: ${error.message}`);
      output.destroy(error);
    });

    const addAll = async (): Promise<void> => {
      const missing: string[] = [];
      for (const entry of entries) {
        const body = await this.openOriginal(entry.photo);
        if (closed) {
          body?.destroy();
          return;
        }
        if (body === undefined) {
          missing.push(entry.name);
          continue;
        }
        reading = body;
        zip.addReadStream(
          body,
          entry.name,
          entryOptions(entry.photo.takenAt ?? entry.photo.createdAt),
        );
        // Resolves once the body is read and its file closed; rejects on a read error (which
        // pipe() would not pass along) or when the client leaving destroyed it.
        await finished(body);
        reading = undefined;
      }
      if (missing.length > 0) {
        const note = Buffer.from(missingNote(missing, photos.length));
        zip.addBuffer(note, noteName, entryOptions(this.clock.date()));
      }
      zip.end();
    };
    addAll().catch((error: unknown) => {
      if (!closed) zip.emit('error', error instanceof Error ? error : new Error(String(error)));
    });
    return output;
  }

  /** The original's bytes, or undefined (logged) when its row has no stored file. */
  private async openOriginal(photo: Photo): Promise<Readable | undefined> {
    try {
      return (await this.storage.get(photo.originalKey)).body;
    } catch (error) {
      if (!(error instanceof StoredObjectNotFoundError)) throw error;
      this.logger.error(`Photo ${photo.id} has a row but no original file (${photo.originalKey})`);
      return undefined;
    }
  }
}

/** Every entry: stored as is (photos are compressed already), a regular file, dated `mtime`. */
function entryOptions(mtime: Date) {
  return { compress: false, mtime, mode: ENTRY_MODE };
}

/** One plain sentence, then the left-out photos' names, one a line. */
function missingNote(names: readonly string[], asked: number): string {
  const count = names.length === 1 ? '1 photo' : `${names.length} photos`;
  return (
    `${count} of the ${asked} you chose could not be included in this zip, because ` +
    `${names.length === 1 ? 'its original file is' : 'their original files are'} missing ` +
    `from storage:\n${names.map((name) => `- ${name}\n`).join('')}`
  );
}

/** yazl's output is a PassThrough, typed as the older NodeJS.ReadableStream. */
function readableOf(stream: NodeJS.ReadableStream): Readable {
  if (!(stream instanceof Readable)) throw new Error('yazl output is not a stream.Readable');
  return stream;
}
