import { Injectable } from '@nestjs/common';
import etag from 'etag';
import { HttpConfig } from '../../config/config-slices';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { type ListingKind, PhotoListingCache } from '../listing-cache/photo-listing-cache';
import type { ListQuery } from '../photo-input';
import { listingKey } from '../photo-listing';
import { PhotosService } from '../photos.service';
import { PhotoDto, type PhotoPageDto } from './photo.dto';

/** One page of one owner's listing as the API answers it: the JSON body and its ETag. */
export interface CachedListing {
  body: string;
  etag: string;
}

/** The API's answers in the listing cache: strings, two bytes a character. */
export const API_LISTINGS: ListingKind<CachedListing> = {
  name: 'api',
  bytesOf: (answer) => 2 * (answer.body.length + answer.etag.length),
};

/**
 * GET /api/photos's answer, serialised once and kept per owner and page (PhotoListingCache):
 * a repeated listing costs neither a database round trip nor the JSON and its ETag. The answer
 * holds only the app's own URLs (never a presigned one, which would expire), so any storage
 * driver may be cached.
 */
@Injectable()
export class ListingAnswers {
  constructor(
    private readonly photos: PhotosService,
    private readonly cache: PhotoListingCache,
    private readonly http: HttpConfig,
  ) {}

  async of(user: AuthenticatedUser, query: ListQuery): Promise<CachedListing> {
    const page = listingKey(query);
    const cached = this.cache.find(API_LISTINGS, user.sub, page);
    if (cached) return cached;
    // Before the read: a write committed after it makes this copy unfit to keep.
    const ticket = this.cache.ticket();
    const listing = await this.photos.list(user, query);
    const dto: PhotoPageDto = {
      items: listing.items.map((photo) => PhotoDto.from(photo, this.http.baseUrl)),
      nextCursor: listing.nextCursor ?? null,
    };
    const body = JSON.stringify(dto);
    // Express's own ETag (weak: length and SHA-1 of the body), worked out once per cached answer.
    const answer = { body, etag: etag(body, { weak: true }) };
    this.cache.store(API_LISTINGS, ticket, user.sub, page, answer);
    return answer;
  }
}
