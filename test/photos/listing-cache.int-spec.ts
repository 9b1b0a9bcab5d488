import type { TestingModule } from '@nestjs/testing';
import { ListingChangeListener } from '../../src/photos/listing-cache/listing-change-listener';
import { PhotoListingCache } from '../../src/photos/listing-cache/photo-listing-cache';
import { PhotosService } from '../../src/photos/photos.service';
import { TestStack } from '../support/test-stack';
import { ALICE, BOB, uploadedFixture } from './photos-test-kit';

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
    cache.store(cache.ticket(), owner.sub, PAGE, { body: 'before', etag: 'W/"0-x"' });
  const cached = (owner = ALICE) => cache.find(owner.sub, PAGE)?.body;

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
});
