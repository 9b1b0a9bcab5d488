import { type ListingKind, PhotoListingCache } from './photo-listing-cache';

interface Answer {
  body: string;
  etag: string;
}
const answer = (body: string): Answer => ({ body, etag: `W/"${body.length}"` });
const ANSWERS: ListingKind<Answer> = {
  name: 'api',
  bytesOf: (value) => 2 * (value.body.length + value.etag.length),
};
/** Another kind of page, kept beside the answers under the same owners and page names. */
const CARDS: ListingKind<string[]> = {
  name: 'grid',
  bytesOf: (cards) => cards.reduce((sum, card) => sum + 2 * card.length, 0),
};

/** A cache as an instance has it once its change listener is connected. */
function listeningCache(options: { ttlSeconds?: number; maxBytes?: number } = {}) {
  let now = 1_000_000;
  const cache = new PhotoListingCache({
    ttlSeconds: options.ttlSeconds ?? 5,
    maxBytes: options.maxBytes,
    now: () => now,
  });
  cache.resume();
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('PhotoListingCache', () => {
  it("finds a page only for the owner it was read for, never another owner's", () => {
    const { cache } = listeningCache();
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('alice'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')?.body).toBe('alice');
    expect(cache.find(ANSWERS, 'bob-sub', '24/')).toBeUndefined();
    // Nor by a sub and page that join into the same text.
    expect(cache.find(ANSWERS, 'alice-sub24/', '')).toBeUndefined();
    expect(cache.find(ANSWERS, 'alice', '-sub24/')).toBeUndefined();
  });

  it('forgets a page once its time is up (PHOTO_LIST_CACHE_SECONDS)', () => {
    const { cache, advance } = listeningCache({ ttlSeconds: 5 });
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('alice'));
    advance(4_999);
    expect(cache.find(ANSWERS, 'alice-sub', '24/')?.body).toBe('alice');
    advance(1);
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();
  });

  it('drops every page of the owner whose photos changed, and only theirs', () => {
    const { cache } = listeningCache();
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('a1'));
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/cursor', answer('a2'));
    cache.store(ANSWERS, cache.ticket(), 'bob-sub', '24/', answer('b1'));
    cache.invalidate('alice-sub');
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();
    expect(cache.find(ANSWERS, 'alice-sub', '24/cursor')).toBeUndefined();
    expect(cache.find(ANSWERS, 'bob-sub', '24/')?.body).toBe('b1');
  });

  it('does not keep a page read before a change that happened while it was being read', () => {
    const { cache } = listeningCache();
    const ticket = cache.ticket(); // the read starts
    cache.invalidate('alice-sub'); // a write commits meanwhile
    cache.store(ANSWERS, ticket, 'alice-sub', '24/', answer('stale'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();
    // A read that starts after the change is kept.
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('fresh'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')?.body).toBe('fresh');
  });

  it('keeps nothing until the change listener is connected, and forgets all when it drops', () => {
    const cache = new PhotoListingCache({ ttlSeconds: 5 });
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('unheard'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();

    cache.resume();
    const beforeDrop = cache.ticket();
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('kept'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')?.body).toBe('kept');

    cache.suspend();
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('while down'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();

    // Reconnected: a read that started before (changes may have gone unheard) is not kept.
    cache.resume();
    cache.store(ANSWERS, beforeDrop, 'alice-sub', '24/', answer('read before the drop'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();
  });

  it('keeps nothing when turned off (PHOTO_LIST_CACHE_SECONDS=0)', () => {
    const { cache } = listeningCache({ ttlSeconds: 0 });
    expect(cache.enabled).toBe(false);
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('alice'));
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();
  });

  it('stays within its size, dropping the least recently used pages first', () => {
    // Each entry: 2 bytes per character of body (100), etag, owner, kind and page.
    const body = 'x'.repeat(100);
    const keyLength = 'owner-0'.length + ANSWERS.name.length + '24/'.length;
    const entryBytes = 2 * (100 + answer(body).etag.length + keyLength);
    const { cache } = listeningCache({ maxBytes: entryBytes * 3 });
    for (const owner of ['owner-0', 'owner-1', 'owner-2'])
      cache.store(ANSWERS, cache.ticket(), owner, '24/', answer(body));
    expect(cache.find(ANSWERS, 'owner-0', '24/')).toBeDefined(); // now the most recently used
    cache.store(ANSWERS, cache.ticket(), 'owner-3', '24/', answer(body));
    expect(cache.find(ANSWERS, 'owner-1', '24/')).toBeUndefined();
    for (const owner of ['owner-0', 'owner-2', 'owner-3'])
      expect(cache.find(ANSWERS, owner, '24/')).toBeDefined();
  });

  it('keeps each kind of page apart, and drops every kind of an owner on a change', () => {
    const { cache } = listeningCache();
    cache.store(ANSWERS, cache.ticket(), 'alice-sub', '24/', answer('alice'));
    cache.store(CARDS, cache.ticket(), 'alice-sub', '24/', ['card']);
    expect(cache.find(ANSWERS, 'alice-sub', '24/')?.body).toBe('alice');
    expect(cache.find(CARDS, 'alice-sub', '24/')).toEqual(['card']);
    cache.invalidate('alice-sub');
    expect(cache.find(ANSWERS, 'alice-sub', '24/')).toBeUndefined();
    expect(cache.find(CARDS, 'alice-sub', '24/')).toBeUndefined();
  });
});
