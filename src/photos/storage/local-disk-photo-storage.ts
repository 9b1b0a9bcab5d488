import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, opendir, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { PhotoStorage, type StoredObject, StoredObjectNotFoundError } from './photo-storage';
import {
  assertSafeStorageKey,
  assertWritableKey,
  contentTypeForKey,
  InvalidStorageKeyError,
} from './storage-key';

const errorCode = (error: unknown): string | undefined =>
  (error as NodeJS.ErrnoException | undefined)?.code;

/** The key names nothing: the file, or one of its parent directories, is not there. */
const isMissing = (error: unknown): boolean =>
  ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(errorCode(error) ?? '');

/**
 * Photo files on local disk (under `DATA_DIR/photos`), one file per key. Writes go to a temporary
 * file in the target's directory, are flushed, then renamed over the target: rename within one
 * directory is atomic, so readers and crashes never see a half-written photo. Temporary files
 * start with a dot, a name no valid key can have, so they never collide with or list as keys.
 */
export class LocalDiskPhotoStorage extends PhotoStorage {
  private readonly root: string;

  constructor(rootDir: string) {
    super();
    this.root = resolve(rootDir);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    assertWritableKey(key, contentType);
    const target = this.pathOf(key);
    const temp = join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`);
    await this.writeDurably(temp, data);
    try {
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject> {
    const path = this.pathOf(key);
    const contentType = contentTypeForKey(key) ?? 'application/octet-stream';
    // Open first, then stat and stream the same handle: a delete in between cannot break the read.
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw isMissing(error) ? new StoredObjectNotFoundError(key) : error;
    });
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new StoredObjectNotFoundError(key);
      return { body: handle.createReadStream(), contentType, sizeBytes: stats.size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    await this.removeEmptyParents(dirname(path));
  }

  async *listKeys(): AsyncIterable<string> {
    const pending = [this.root];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      const entries = await opendir(dir).catch((error: unknown) => {
        if (isMissing(error)) return []; // nothing stored yet, or pruned while we walked
        throw error;
      });
      for await (const entry of entries) {
        if (entry.name.startsWith('.')) continue; // temporary files
        const path = join(dir, entry.name);
        if (entry.isDirectory()) pending.push(path);
        else if (entry.isFile()) yield relative(this.root, path).split(sep).join('/');
      }
    }
  }

  /** Local files are streamed by the app. (Still checks the key, as every method does.) */
  presignedUrl(key: string): Promise<string | undefined> {
    return Promise.resolve().then(() => {
      assertSafeStorageKey(key);
      return undefined;
    });
  }

  /** Maps a key to its file, refusing (twice over) anything that could land outside the root. */
  private pathOf(key: string): string {
    assertSafeStorageKey(key);
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep))
      throw new InvalidStorageKeyError(key, 'escapes the root');
    return path;
  }

  /**
   * Writes and fsyncs a new file, so that the rename publishes complete bytes even after a crash.
   * A concurrent delete may prune the (empty) directory between our mkdir and open: retry then.
   */
  private async writeDurably(path: string, data: Buffer, attempts = 3): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    let handle: FileHandle;
    try {
      handle = await open(path, 'wx');
    } catch (error) {
      if (errorCode(error) === 'ENOENT' && attempts > 1) {
        return this.writeDurably(path, data, attempts - 1);
      }
      throw error;
    }
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(path).catch(() => undefined);
      throw error;
    }
    await handle.close();
  }

  /** Keeps the tree tidy: a deleted photo leaves no empty `<owner>/<uuid>/` directories behind. */
  private async removeEmptyParents(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(this.root + sep); current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (ENOTEMPTY/EEXIST), already gone, or not ours to remove: stop here
      }
    }
  }
}
