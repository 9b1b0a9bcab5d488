import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { uniqueEntryNames } from './archive-entry-names';
import type { Photo, PhotoOwner } from './photo';
import { PhotoNotFoundError } from './photo-errors';
import { downloadNameOf } from './photo-file-name';
import { PhotosService } from './photos.service';
import { PhotoStorage, StoredObjectNotFoundError } from './storage';

/** Unix permissions of each file as unzipped: a regular file its owner may change. */
const ENTRY_MODE = 0o100644;

/**
 * A zip of several photos' originals, made while it is sent. Knows nothing of HTTP.
 *
 * The entries are stored, not compressed (photos are compressed already, and a stored entry costs
 * no CPU), under the names they were uploaded with, made safe and unique. Memory stays flat
 * whatever the total: yazl opens each original only when the zip reaches it, one at a time, and
 * the stream's back-pressure paces the reads to the client's pace. yazl writes ZIP64 records by
 * itself once the archive passes 4 GB.
 */
@Injectable()
export class PhotoArchive {
  private readonly logger = new Logger(PhotoArchive.name);

  constructor(
    private readonly photos: PhotosService,
    private readonly storage: PhotoStorage,
  ) {}

  /**
   * The zip of the caller's photos among `ids`, in the order asked; ids that are not theirs are
   * left out, and none at all is PhotoNotFoundError. The caller must consume or destroy the stream:
   * destroying it (the client went away) closes the original being read.
   */
  async archive(owner: PhotoOwner, ids: readonly string[]): Promise<Readable> {
    const photos = await this.photos.getMany(owner, ids);
    if (photos.length === 0) throw new PhotoNotFoundError();
    return this.zip(photos);
  }

  private zip(photos: Photo[]): Readable {
    const zip = new ZipFile();
    const output = readableOf(zip.outputStream);
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

    const names = uniqueEntryNames(photos.map(downloadNameOf));
    photos.forEach((photo, index) => {
      const options = {
        compress: false,
        mtime: photo.takenAt ?? photo.createdAt,
        mode: ENTRY_MODE,
      };
      zip.addReadStreamLazy(names[index], options, (opened) => {
        this.openOriginal(photo).then(
          (body) => {
            if (closed) {
              body.destroy();
              return;
            }
            reading = body;
            // yazl pipes the body on, and pipe() does not pass a read error along.
            body.once('error', (error) => zip.emit('error', error));
            opened(null, body);
          },
          (error: unknown) =>
            zip.emit('error', error instanceof Error ? error : new Error(String(error))),
        );
      });
    });
    zip.end();
    return output;
  }

  private async openOriginal(photo: Photo): Promise<Readable> {
    try {
      return (await this.storage.get(photo.originalKey)).body;
    } catch (error) {
      if (error instanceof StoredObjectNotFoundError) {
        this.logger.error(
          `Photo ${photo.id} has a row but no original file (${photo.originalKey})`,
        );
      }
      throw error;
    }
  }
}

/** yazl's output is a PassThrough, typed as the older NodeJS.ReadableStream. */
function readableOf(stream: NodeJS.ReadableStream): Readable {
  if (!(stream instanceof Readable)) throw new Error('yazl output is not a stream.Readable');
  return stream;
}
