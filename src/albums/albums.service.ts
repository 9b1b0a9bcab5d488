import { Injectable } from '@nestjs/common';
import type { PhotoOwner, PhotoPage, Photo } from '../photos/photo';
import { cursorAfter, decodeCursor, encodeCursor } from '../photos/photo-cursor';
import { isPhotoId } from '../photos/photo-id';
import { MAX_PAGE_SIZE } from '../photos/photo-rules';
import type { AddPhotosOutcome, Album } from './album';
import {
  AlbumNotFoundError,
  AlbumPhotoNotFoundError,
  SelectionNotFoundError,
} from './album-errors';
import { AlbumsRepository } from './albums.repository';

/** A search lists at most this many albums: names are short, a longer list helps no one. */
const MAX_SEARCH_ALBUMS = 20;

export interface AlbumPageOptions {
  limit: number;
  cursor?: string;
}

/** An album's choice for an "Add to album" form (of one photo, or a selection). */
export interface AlbumChoice {
  id: string;
  name: string;
  /** The photo (every photo of a selection) is in this album already. */
  hasPhoto: boolean;
}

/** What adding a page's selection to an album did. */
export interface SelectionAdded {
  album: Album;
  added: number;
  alreadyIn: number;
}

/**
 * The album rules: an album holds its owner's own photos only, and everything about someone
 * else's album (or an id that cannot exist) is "not found". Names arrive trimmed and within the
 * limit (album-input.ts). Knows nothing of HTTP.
 */
@Injectable()
export class AlbumsService {
  constructor(private readonly repository: AlbumsRepository) {}

  list(owner: PhotoOwner): Promise<Album[]> {
    return this.repository.listOwned(owner.sub);
  }

  /** The owner's albums whose name matches every search word (as a word's start), newest first. */
  findByName(owner: PhotoOwner, words: readonly string[]): Promise<Album[]> {
    if (words.length === 0) return Promise.resolve([]);
    return this.repository.findByName(owner.sub, words, MAX_SEARCH_ALBUMS);
  }

  create(owner: PhotoOwner, name: string): Promise<Album> {
    return this.repository.insert(owner.sub, name);
  }

  async get(owner: PhotoOwner, id: string): Promise<Album> {
    if (!isPhotoId(id)) throw new AlbumNotFoundError();
    const album = await this.repository.findOwned(owner.sub, id);
    if (!album) throw new AlbumNotFoundError();
    return album;
  }

  async rename(owner: PhotoOwner, id: string, name: string): Promise<Album> {
    if (!isPhotoId(id) || !(await this.repository.rename(owner.sub, id, name)))
      throw new AlbumNotFoundError();
    return this.get(owner, id);
  }

  /** The photos stay; the album's share links die with it (same statement). */
  async delete(owner: PhotoOwner, id: string): Promise<void> {
    if (!isPhotoId(id) || !(await this.repository.deleteOwned(owner.sub, id)))
      throw new AlbumNotFoundError();
  }

  /** Newest taken first (upload date when unknown); `nextCursor` when more follow. */
  async photos(owner: PhotoOwner, id: string, options: AlbumPageOptions): Promise<PhotoPage> {
    const album = await this.get(owner, id);
    return albumPhotoPage(this.repository, album.id, options);
  }

  /**
   * Adds the caller's photos among `photoIds` (valid, distinct ids: album-input.ts). An id that is
   * no photo of theirs is `notFound` and changes nothing; the answer keeps the order sent.
   */
  async addPhotos(owner: PhotoOwner, id: string, photoIds: string[]): Promise<AddPhotosOutcome> {
    if (!isPhotoId(id)) throw new AlbumNotFoundError();
    const rows = await this.repository.addPhotos(owner.sub, id, photoIds);
    if (!rows) throw new AlbumNotFoundError();
    const added = new Set(rows.added);
    const alreadyIn = new Set(rows.alreadyIn);
    return {
      added: photoIds.filter((photoId) => added.has(photoId)),
      alreadyIn: photoIds.filter((photoId) => alreadyIn.has(photoId)),
      notFound: photoIds.filter((photoId) => !added.has(photoId) && !alreadyIn.has(photoId)),
    };
  }

  /** The photo itself stays (in "My photos" and any other album). */
  async removePhoto(owner: PhotoOwner, id: string, photoId: string): Promise<void> {
    await this.get(owner, id);
    if (!isPhotoId(photoId) || !(await this.repository.removePhoto(owner.sub, id, photoId)))
      throw new AlbumPhotoNotFoundError();
  }

  /**
   * The caller's photos among a selection sent by a page (any strings: a form can be edited), each
   * once, in the order sent; anything else (someone else's photo, no photo id) is left out.
   * SelectionNotFoundError when that leaves nothing.
   */
  async ownedSelection(owner: PhotoOwner, ids: readonly string[]): Promise<string[]> {
    const candidates = distinctPhotoIds(ids);
    const owned = new Set(
      candidates.length > 0 ? await this.repository.ownedPhotoIds(owner.sub, candidates) : [],
    );
    const photoIds = candidates.filter((id) => owned.has(id));
    if (photoIds.length === 0) throw new SelectionNotFoundError();
    return photoIds;
  }

  /**
   * A page's selection into the caller's album: only the caller's photos go in, the rest is
   * ignored. AlbumNotFoundError or SelectionNotFoundError before anything changes.
   */
  async addSelection(
    owner: PhotoOwner,
    id: string,
    ids: readonly string[],
  ): Promise<SelectionAdded> {
    const album = await this.get(owner, id);
    const outcome = await this.addPhotos(owner, album.id, await this.ownedSelection(owner, ids));
    return { album, added: outcome.added.length, alreadyIn: outcome.alreadyIn.length };
  }

  /** "New album" with a selection: made only when some of the selection is the caller's. */
  async createWithSelection(
    owner: PhotoOwner,
    name: string,
    ids: readonly string[],
  ): Promise<SelectionAdded> {
    const photoIds = await this.ownedSelection(owner, ids);
    const album = await this.create(owner, name);
    const outcome = await this.addPhotos(owner, album.id, photoIds);
    return { album, added: outcome.added.length, alreadyIn: outcome.alreadyIn.length };
  }

  /**
   * Takes a page's selection out of the caller's album (the photos stay in "My photos"); answers
   * how many were in it. AlbumNotFoundError when the album is not theirs.
   */
  async removeSelection(owner: PhotoOwner, id: string, ids: readonly string[]): Promise<number> {
    const album = await this.get(owner, id);
    const photoIds = distinctPhotoIds(ids);
    if (photoIds.length === 0) return 0;
    return this.repository.removePhotos(owner.sub, album.id, photoIds);
  }

  /**
   * The caller's albums for "Add to album" of several photos (the caller's own, from
   * ownedSelection): `hasPhoto` when an album holds every one of them already.
   */
  async choicesForSelection(owner: PhotoOwner, photoIds: string[]): Promise<AlbumChoice[]> {
    const albums = await this.repository.albumsHolding(owner.sub, photoIds);
    return albums.map(({ id, name, held }) => ({
      id,
      name,
      hasPhoto: photoIds.length > 0 && held >= photoIds.length,
    }));
  }

  /** The owner's albums for the photo page's "Add to album": 404 unless the photo is theirs. */
  async choicesFor(owner: PhotoOwner, photoId: string): Promise<AlbumChoice[]> {
    if (!isPhotoId(photoId) || !(await this.repository.ownsPhoto(owner.sub, photoId)))
      throw new AlbumPhotoNotFoundError();
    return this.repository.albumsWithPhoto(owner.sub, photoId);
  }
}

/** The photo ids among `ids`, lower-cased, each once, in the order sent. */
function distinctPhotoIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isPhotoId).map((id) => id.toLowerCase()))];
}

/** One keyset page of an album's photos (also what a share link of the album shows). */
export async function albumPhotoPage(
  repository: Pick<AlbumsRepository, 'photoPage'>,
  albumId: string,
  options: AlbumPageOptions,
): Promise<PhotoPage<Photo>> {
  const limit = Math.min(Math.max(Math.trunc(options.limit), 1), MAX_PAGE_SIZE);
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, 'taken');
  const rows = await repository.photoPage(albumId, limit + 1, after);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(cursorAfter(last, 'taken')) : undefined;
  return { items, nextCursor };
}
