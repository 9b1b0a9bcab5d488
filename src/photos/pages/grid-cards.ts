import { Injectable } from '@nestjs/common';
import { type ListingKind, PhotoListingCache } from '../listing-cache/photo-listing-cache';
import type { PhotoCard, PhotoOwner, PhotoPage } from '../photo';
import { type ListOptions, PhotosService } from '../photos.service';

/** Per card: its id and description as strings (two bytes a character), and about 64 for the rest. */
const CARD_OVERHEAD_BYTES = 64;

/** The grid's cards in the listing cache; frozen when stored, since every request shares them. */
export const GRID_CARDS: ListingKind<PhotoPage<PhotoCard>> = {
  name: 'grid',
  bytesOf: (page) =>
    2 * (page.nextCursor?.length ?? 0) +
    page.items.reduce(
      (sum, card) => sum + 2 * (card.id.length + card.description.length) + CARD_OVERHEAD_BYTES,
      0,
    ),
};

/**
 * The "My photos" grid's cards, kept per owner and page (PhotoListingCache) as the API's answers
 * are: a repeated visit costs no database round trip. Only the cards are kept, never the page,
 * which carries the visitor's CSRF token and notices. Cards hold no URL, so any storage driver
 * may be cached.
 */
@Injectable()
export class GridCards {
  constructor(
    private readonly photos: PhotosService,
    private readonly cache: PhotoListingCache,
  ) {}

  async of(owner: PhotoOwner, options: ListOptions): Promise<PhotoPage<PhotoCard>> {
    const page = `${options.limit}/${options.cursor ?? ''}`;
    const cached = this.cache.find(GRID_CARDS, owner.sub, page);
    if (cached) return cached;
    // Before the read: a write committed after it makes this copy unfit to keep.
    const ticket = this.cache.ticket();
    const cards = frozen(await this.photos.listCards(owner, options));
    this.cache.store(GRID_CARDS, ticket, owner.sub, page, cards);
    return cards;
  }
}

function frozen(page: PhotoPage<PhotoCard>): PhotoPage<PhotoCard> {
  page.items.forEach((card) => Object.freeze(card));
  Object.freeze(page.items);
  return Object.freeze(page);
}
