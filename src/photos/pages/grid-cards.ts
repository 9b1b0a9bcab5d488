import { Injectable } from '@nestjs/common';
import { type ListingKind, PhotoListingCache } from '../listing-cache/photo-listing-cache';
import type { PhotoCard, PhotoOwner, PhotoPage } from '../photo';
import { type ListOptions, listingKey } from '../photo-listing';
import { PhotosService } from '../photos.service';

/** A month of the timeline with photos in it ("2024-09"), and how many. */
export interface MonthCount {
  month: string;
  count: number;
}

/** What a grid page shows of the listing: its cards, where it stands, and the timeline's months. */
export interface GridListing {
  cards: PhotoPage<PhotoCard>;
  /** Photos in the whole listing. */
  total: number;
  /** Photos before this page's first one. */
  newer: number;
  /** Empty when not asked for (a search). */
  months: readonly MonthCount[];
}

/** Per card: its strings (two bytes a character), and about 96 for the rest. */
const CARD_OVERHEAD_BYTES = 96;
const MONTH_BYTES = 48;

/** The grid's pages in the listing cache; frozen when stored, since every request shares them. */
export const GRID_CARDS: ListingKind<GridListing> = {
  name: 'grid',
  bytesOf: (listing) =>
    2 * ((listing.cards.nextCursor?.length ?? 0) + (listing.cards.previousCursor?.length ?? 0)) +
    listing.months.length * MONTH_BYTES +
    listing.cards.items.reduce(
      (sum, card) =>
        sum +
        2 * (card.id.length + card.description.length + (card.originalFileName?.length ?? 0)) +
        CARD_OVERHEAD_BYTES,
      0,
    ),
};

/**
 * The grid's pages ("My photos", search), kept per owner and listing (PhotoListingCache) as the
 * API's answers are: a repeated visit costs no database round trip. Only the listing is kept,
 * never the page, which carries the visitor's CSRF token and notices. Cards hold no URL, so any
 * storage driver may be cached.
 */
@Injectable()
export class GridCards {
  constructor(
    private readonly photos: PhotosService,
    private readonly cache: PhotoListingCache,
  ) {}

  async of(
    owner: PhotoOwner,
    options: ListOptions,
    { withMonths }: { withMonths: boolean },
  ): Promise<GridListing> {
    const key = `${withMonths ? 'm' : '-'}${listingKey(options)}`;
    const cached = this.cache.find(GRID_CARDS, owner.sub, key);
    if (cached) return cached;
    // Before the reads: a write committed after them makes this copy unfit to keep.
    const ticket = this.cache.ticket();
    const cards = await this.photos.listCards(owner, options);
    const [position, months] = await Promise.all([
      this.photos.position(owner, options, cards.items[0]),
      withMonths ? this.photos.months(owner) : [],
    ]);
    const listing = deepFrozen({ cards, ...position, months });
    this.cache.store(GRID_CARDS, ticket, owner.sub, key, listing);
    return listing;
  }
}

function deepFrozen(listing: GridListing): GridListing {
  listing.cards.items.forEach((card) => Object.freeze(card));
  Object.freeze(listing.cards.items);
  Object.freeze(listing.cards);
  listing.months.forEach((month) => Object.freeze(month));
  Object.freeze(listing.months);
  return Object.freeze(listing);
}
