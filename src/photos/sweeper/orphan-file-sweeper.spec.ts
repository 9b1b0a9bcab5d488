import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { newPhotoId } from '../photo-id';
import { photoKey } from '../photo-keys';
import type { PhotosRepository } from '../photos.repository';
import { PhotoStorage, type StoredObject, StoredObjectNotFoundError } from '../storage';
import { ORPHAN_GRACE_PERIOD_MS, OrphanFileSweeper } from './orphan-file-sweeper';

class MemoryStorage extends PhotoStorage {
  readonly keys = new Set<string>();

  put(key: string): Promise<void> {
    this.keys.add(key);
    return Promise.resolve();
  }

  get(key: string): Promise<StoredObject> {
    if (!this.keys.has(key)) return Promise.reject(new StoredObjectNotFoundError(key));
    return Promise.resolve({ body: Readable.from([]), contentType: 'image/jpeg', sizeBytes: 0 });
  }

  delete(key: string): Promise<void> {
    this.keys.delete(key);
    return Promise.resolve();
  }

  async *listKeys(): AsyncIterable<string> {
    await Promise.resolve();
    yield* [...this.keys];
  }

  presignedUrl(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
}

const NOW = Date.UTC(2025, 10, 26, 12, 0, 0);

function setUp(rows: string[]) {
  const storage = new MemoryStorage();
  const repository = {
    existingIds: (ids: string[]) => Promise.resolve(new Set(ids.filter((id) => rows.includes(id)))),
  } as unknown as PhotosRepository;
  return { storage, sweeper: new OrphanFileSweeper(storage, repository) };
}

const filesOf = (id: string) => [
  photoKey('owner', id, 'original', 'image/jpeg'),
  photoKey('owner', id, 'thumbnail', 'image/jpeg'),
];

describe('OrphanFileSweeper', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('deletes old files whose photo has no row, and keeps the rest', async () => {
    const kept = newPhotoId(NOW - 3 * ORPHAN_GRACE_PERIOD_MS);
    const orphan = newPhotoId(NOW - ORPHAN_GRACE_PERIOD_MS - 1);
    const inFlight = newPhotoId(NOW - 1000);
    const { storage, sweeper } = setUp([kept]);
    [kept, orphan, inFlight].flatMap(filesOf).forEach((key) => storage.keys.add(key));
    storage.keys.add('notes/README.txt');

    const report = await sweeper.sweep(NOW);

    expect([...storage.keys].sort()).toEqual(
      [...filesOf(kept), ...filesOf(inFlight), 'notes/README.txt'].sort(),
    );
    expect(report).toEqual({ keysSeen: 7, deleted: 2, skipped: 1 });
  });

  it('never deletes files of an id that is not a UUIDv7: their age cannot be told', async () => {
    const notOurs = '1c9f3b63-69b6-4e6c-8d52-3a2b1f1fae22';
    const { storage, sweeper } = setUp([]);
    filesOf(notOurs).forEach((key) => storage.keys.add(key));

    const report = await sweeper.sweep(NOW);

    expect([...storage.keys].sort()).toEqual(filesOf(notOurs).sort());
    expect(report.skipped).toBe(2);
  });

  it('runs at bootstrap in the background and logs instead of failing start-up', async () => {
    const { storage, sweeper } = setUp([]);
    jest.spyOn(storage, 'listKeys').mockImplementation(() => {
      throw new Error('bucket unreachable');
    });
    const logged = jest.spyOn(sweeper['logger'], 'error').mockImplementation(() => undefined);

    expect(sweeper.onApplicationBootstrap()).toBeUndefined();
    await expect(sweeper.whenIdle()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('bucket unreachable'));
  });
});
