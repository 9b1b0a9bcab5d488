import { LRUCache } from 'lru-cache';

/**
 * A kind of page the cache keeps (the API's answers, the grid's cards): its name, part of every
 * key, so kinds never meet, and roughly how many bytes one value takes, for the cache's budget.
 * Values are shared by every request that finds them: nobody may change one.
 */
export interface ListingKind<V> {
  readonly name: string;
  bytesOf(value: V): number;
}

/** Taken before reading the database; a copy read under an outdated ticket is never kept. */
export interface ListingTicket {
  readonly version: number;
}

interface Entry {
  owner: string;
  /** Of the kind named in its key. */
  value: unknown;
  expiresAt: number;
  bytes: number;
}

/** At most this many bytes of answers per instance (least recently used go first). */
export const LISTING_CACHE_MAX_BYTES = 16 * 2 ** 20;

/**
 * Each owner's listing pages as last read, in this process, for `listCacheSeconds` at most: the
 * API's answers and the "My photos" grid's cards, each its own `ListingKind`.
 *
 * Correctness rests on three rules:
 * - keys start with the owner's sub: a page is only ever found for the owner it was read for;
 * - every change drops the owner's pages (`invalidate`): writes on this instance call it once
 *   their statement committed, and the listener calls it for every other instance's change
 *   (PostgreSQL NOTIFY). Any drop also moves `version` on, so a page read from the database
 *   before a change can no longer be stored after it (`ticket` / `store`);
 * - it only caches while that listener is connected (`resume`); when the connection drops, it
 *   forgets everything (`suspend`), since changes made meanwhile would go unseen.
 */
export class PhotoListingCache {
  /**
   * lru-cache keeps the byte budget and the least-recently-used order; the expiry is checked here
   * (an entry is gone at `expiresAt` exactly, on the clock given, with no timer), and `dispose`
   * keeps `keysByOwner` in step with every entry that leaves, however it leaves.
   */
  private readonly entries: LRUCache<string, Entry>;
  private readonly keysByOwner = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private version = 0;
  private listening = false;

  constructor(options: { ttlSeconds: number; maxBytes?: number; now?: () => number }) {
    this.ttlMs = options.ttlSeconds * 1000;
    this.maxBytes = options.maxBytes ?? LISTING_CACHE_MAX_BYTES;
    this.now = options.now ?? Date.now;
    this.entries = new LRUCache<string, Entry>({
      maxSize: this.maxBytes,
      sizeCalculation: (entry) => entry.bytes,
      dispose: (entry, key) => this.unindex(entry.owner, key),
    });
  }

  /** PHOTO_LIST_CACHE_SECONDS is not 0. */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** False when turned off (PHOTO_LIST_CACHE_SECONDS=0) or while changes could go unseen. */
  get active(): boolean {
    return this.ttlMs > 0 && this.listening;
  }

  ticket(): ListingTicket {
    return { version: this.version };
  }

  find<V>(kind: ListingKind<V>, owner: string, page: string): V | undefined {
    const key = keyOf(owner, kind.name, page);
    // A hit becomes the most recently used.
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Stored under this kind's name by `store`, with this kind's type.
    return entry.value as V;
  }

  /** Keeps `value` unless anything changed since `ticket` was taken (or caching is off). */
  store<V>(
    kind: ListingKind<V>,
    ticket: ListingTicket,
    owner: string,
    page: string,
    value: V,
  ): void {
    if (!this.active || ticket.version !== this.version) return;
    const bytes = kind.bytesOf(value) + 2 * (owner.length + kind.name.length + page.length);
    if (bytes > this.maxBytes) return;
    const key = keyOf(owner, kind.name, page);
    // Replacing an entry disposes of the old one (unindexing the key) first; evictions too.
    this.entries.set(key, { owner, value, expiresAt: this.now() + this.ttlMs, bytes });
    let keys = this.keysByOwner.get(owner);
    if (!keys) this.keysByOwner.set(owner, (keys = new Set()));
    keys.add(key);
  }

  /** The owner's photos changed (here or on another instance): their pages are gone. */
  invalidate(owner: string): void {
    this.version++;
    const keys = this.keysByOwner.get(owner);
    if (!keys) return;
    // Unindexed first, so dispose finds nothing left to do for these.
    this.keysByOwner.delete(owner);
    for (const key of keys) this.entries.delete(key);
  }

  /** Changes made elsewhere may go unseen (the listener is down): forget all, keep nothing new. */
  suspend(): void {
    this.listening = false;
    this.version++;
    this.entries.clear();
    this.keysByOwner.clear();
  }

  /** The listener hears every change again. */
  resume(): void {
    this.version++;
    this.listening = true;
  }

  private unindex(owner: string, key: string): void {
    const keys = this.keysByOwner.get(owner);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByOwner.delete(owner);
  }
}

/**
 * NUL never occurs in a Cognito sub or a kind's name, so no owner's key can be read as another
 * owner's, nor one kind's as another's.
 */
function keyOf(owner: string, kind: string, page: string): string {
  return `${owner}\u0000${kind}\u0000${page}`;
}
