import type { TestingModule } from '@nestjs/testing';
import { API_LISTINGS } from '../../src/photos/api/listing-answers';
import { ListingChangeListener } from '../../src/photos/listing-cache/listing-change-listener';
import { PhotoListingCache } from '../../src/photos/listing-cache/photo-listing-cache';
import { GridCards } from '../../src/photos/pages/grid-cards';
import { PhotosService } from '../../src/photos/photos.service';
import { TestStack } from '../support/test-stack';
import { ALICE, BOB, sql, uploadedFixture } from './photos-test-kit';

const PAGE = '24/';

/**
 * Read-your-writes on one instance does not wait for PostgreSQL's notification: PhotosService
 * drops the owner's cached listing itself as each write returns. The change listener is stopped
 * here, so nothing else could.
 */
describe('PhotosService and the listing cache (real PostgreSQL and disk)', () => {
  let stack: TestStack;
  let module: TestingModule;
  let photos: PhotosService;
  let cache: PhotoListingCache;

  const cachePage = (owner = ALICE) =>
    cache.store(API_LISTINGS, cache.ticket(), owner.sub, PAGE, { body: 'before', etag: 'W/"0-x"' });
  const cached = (owner = ALICE) => cache.find(API_LISTINGS, owner.sub, PAGE)?.body;

  beforeAll(async () => {
    stack = await TestStack.start({
      startApp: false,
      localCognito: false,
      env: { PHOTO_LIST_CACHE_SECONDS: '60' },
    });
    module = await stack.startModule();
    photos = module.get(PhotosService);
    cache = module.get(PhotoListingCache);
    await module.get(ListingChangeListener).onModuleDestroy();
    cache.resume(); // caching as if listening, with no notification ever arriving
  });
  afterAll(() => stack?.close());

  it("drops the owner's cached pages as an upload, edit or delete returns, and only theirs", async () => {
    cachePage();
    cachePage(BOB);
    const photo = await photos.upload(ALICE, { file: await uploadedFixture(), description: 'New' });
    expect(cached()).toBeUndefined();
    expect(cached(BOB)).toBe('before');

    cachePage();
    await photos.updateDescription(ALICE, photo.id, 'Edited');
    expect(cached()).toBeUndefined();

    cachePage();
    await photos.delete(ALICE, photo.id);
    expect(cached()).toBeUndefined();
    expect(cached(BOB)).toBe('before');
  });

  it("keeps the grid's cards from one visit to the next, until the owner's photos change", async () => {
    const grid = module.get(GridCards);
    const visit = async () =>
      (await grid.of(ALICE, { limit: 24 }, { withMonths: true })).cards.items;
    const photo = await photos.upload(ALICE, {
      file: await uploadedFixture(),
      description: 'Kept',
    });
    expect((await visit())[0]).toMatchObject({ id: photo.id, description: 'Kept' });
    // Changed behind the cache's back: the next visit is answered from memory.
    await sql(stack, `UPDATE photos SET description = 'Changed directly' WHERE id = $1`, [
      photo.id,
    ]);
    expect((await visit())[0].description).toBe('Kept');
    // Changed through the service: the cards are dropped and read again.
    await photos.updateDescription(ALICE, photo.id, 'Edited');
    expect((await visit())[0].description).toBe('Edited');
    await photos.delete(ALICE, photo.id);
    expect((await visit()).map((card) => card.id)).not.toContain(photo.id);
  });
});
