import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import { PhotosConfig } from '../../src/config/config-slices';
import { type Photo, PHOTO_API_FIELDS, PHOTO_CARD_FIELDS } from '../../src/photos/photo';
import { PhotoNotFoundError, UploadCancelledError } from '../../src/photos/photo-errors';
import { PhotosService } from '../../src/photos/photos.service';
import { createPhotoStorage, PhotoStorage } from '../../src/photos/storage';
import { TestStack } from '../support/test-stack';
import { ALICE, BOB, photoRowCount, sql, storedFiles, uploadedFixture } from './photos-test-kit';

/** The real local-disk storage, made to fail on demand: the disk full, the bucket refusing. */
class FaultyStorage extends PhotoStorage {
  failPutsOf?: RegExp;
  failDeletes = false;

  constructor(private readonly real: PhotoStorage) {
    super();
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    if (this.failPutsOf?.test(key)) throw new Error(`disk full writing ${key}`);
    return this.real.put(key, data, contentType);
  }

  get(key: string) {
    return this.real.get(key);
  }

  async delete(key: string): Promise<void> {
    if (this.failDeletes) throw new Error(`storage refused to delete ${key}`);
    return this.real.delete(key);
  }

  listKeys() {
    return this.real.listKeys();
  }

  presignedUrl(key: string, expiresInSeconds: number) {
    return this.real.presignedUrl(key, expiresInSeconds);
  }
}

const rocket = () => uploadedFixture('rocket.jpg');

/** PhotosService on the real database and disk, no HTTP: an upload is all or nothing. */
describe('PhotosService (real PostgreSQL and disk)', () => {
  let stack: TestStack;
  let module: TestingModule;
  let photos: PhotosService;
  let storage: FaultyStorage;

  beforeAll(async () => {
    stack = await TestStack.start({ startApp: false, localCognito: false, captureLogs: true });
    module = await stack.startModule((builder) =>
      builder.overrideProvider(PhotoStorage).useFactory({
        inject: [PhotosConfig],
        factory: (config: PhotosConfig) =>
          new FaultyStorage(createPhotoStorage({ driver: 'local', localDir: config.localDir })),
      }),
    );
    photos = module.get(PhotosService);
    storage = module.get(PhotoStorage);
  });

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(async () => {
    storage.failPutsOf = undefined;
    storage.failDeletes = false;
    await sql(stack, 'DELETE FROM photos');
    await rm(join(stack.dataDir, 'photos'), { recursive: true, force: true });
  });

  it("lists the API's and a grid's fields of the same photos, in the same order and pages", async () => {
    for (const description of ['one', 'two', 'three']) {
      await photos.upload(ALICE, { file: await rocket(), description });
    }
    await photos.upload(BOB, { file: await rocket(), description: 'not yours' });
    const full = await photos.list(ALICE, { limit: 2 });
    const cards = await photos.listCards(ALICE, { limit: 2 });
    expect(cards.nextCursor).toBe(full.nextCursor);
    const rows = await Promise.all(full.items.map((item) => photos.get(ALICE, item.id)));
    const only = <K extends keyof Photo>(fields: readonly K[]) =>
      rows.map((row) => Object.fromEntries(fields.map((field) => [field, row[field]])));
    expect(full.items).toEqual(only(PHOTO_API_FIELDS));
    expect(cards.items).toEqual(only(PHOTO_CARD_FIELDS));
    const older = await photos.listCards(ALICE, { limit: 2, cursor: cards.nextCursor });
    expect(older.items.map((card) => card.description)).toEqual(['one']);
    expect(older.nextCursor).toBeUndefined();
  });

  it('stores the original, display copy and thumbnail, then the row', async () => {
    const photo = await photos.upload(ALICE, { file: await rocket(), description: 'Lift-off' });
    expect(await photoRowCount(stack)).toBe(1);
    expect((await storedFiles(stack)).sort()).toEqual(
      [photo.originalKey, photo.imageKey, photo.thumbnailKey].sort(),
    );
  });

  it('a file that cannot be stored: the error goes up, no row, none of the three files left', async () => {
    storage.failPutsOf = /thumb/;
    await expect(
      photos.upload(ALICE, { file: await rocket(), description: 'Lost' }),
    ).rejects.toThrow('disk full');
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it('a row that cannot be written: the three stored files are removed again', async () => {
    await sql(stack, 'ALTER TABLE photos ADD CONSTRAINT int_no_rows CHECK (false) NOT VALID');
    try {
      await expect(
        photos.upload(ALICE, { file: await rocket(), description: 'No row' }),
      ).rejects.toThrow(/int_no_rows/);
    } finally {
      await sql(stack, 'ALTER TABLE photos DROP CONSTRAINT int_no_rows');
    }
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it('an upload given up before its row is written leaves nothing', async () => {
    const cancelled = AbortSignal.abort();
    await expect(
      photos.upload(ALICE, { file: await rocket(), description: 'Gone' }, cancelled),
    ).rejects.toBeInstanceOf(UploadCancelledError);
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it('a delete whose files cannot be removed still deletes the photo, and says what it left', async () => {
    const photo = await photos.upload(ALICE, { file: await rocket(), description: 'Stuck' });
    storage.failDeletes = true;
    await photos.delete(ALICE, photo.id);
    expect(await photoRowCount(stack)).toBe(0);
    await expect(photos.get(ALICE, photo.id)).rejects.toBeInstanceOf(PhotoNotFoundError);
    // Left for the orphan sweeper, and logged so an operator can see why.
    expect(await storedFiles(stack)).toHaveLength(3);
    expect(stack.logs.join('\n')).toContain(`Could not delete ${photo.thumbnailKey}`);
  });

  it("another person's photo is not found, and their delete or edit changes nothing", async () => {
    const photo = await photos.upload(ALICE, { file: await rocket(), description: 'Mine' });
    await expect(photos.get(BOB, photo.id)).rejects.toBeInstanceOf(PhotoNotFoundError);
    await expect(photos.delete(BOB, photo.id)).rejects.toBeInstanceOf(PhotoNotFoundError);
    await expect(photos.updateDescription(BOB, photo.id, 'Ours')).rejects.toBeInstanceOf(
      PhotoNotFoundError,
    );
    expect((await photos.get(ALICE, photo.id)).description).toBe('Mine');
    expect(await storedFiles(stack)).toHaveLength(3);
  });
});
