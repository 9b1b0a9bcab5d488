import { Injectable } from '@nestjs/common';
import type { PhotoOwner } from '../../photos/photo';
import { DEFAULT_PAGE_SIZE } from '../../photos/photo-rules';
import { namesOnPage } from '../../photos/pages/photo-label';
import type { Album } from '../album';
import { MAX_ALBUM_NAME_LENGTH } from '../album-rules';
import { type AlbumChoice, AlbumsService } from '../albums.service';

/** One album as /albums lists it. */
interface AlbumCard extends Album {
  href: string;
  countText: string;
}

/** What pages/albums.hbs renders (plus `currentUser` and `csrfToken` from res.locals). */
export interface AlbumsView {
  title: string;
  notice?: string;
  albums: AlbumCard[];
  maxNameLength: number;
  nameDraft?: string;
  nameError?: string;
}

/** What pages/album.hbs renders. */
export interface AlbumView {
  title: string;
  notice?: string;
  album: Album;
  /** This page's own path, where a selection's Delete comes back to. */
  albumPath: string;
  countText: string;
  photos: {
    id: string;
    alt: string;
    label: string;
    thumbnailWidth: number;
    thumbnailHeight: number;
    takenAt: Date;
  }[];
  olderHref?: string;
  newestHref?: string;
  maxNameLength: number;
  nameError?: string;
}

/**
 * What pages/add-to-album.hbs renders: "Add to album" of one photo (the photo page's) or of a
 * page's selection, which may also go into a new album made by name.
 */
export interface AddToAlbumView {
  title: string;
  heading: string;
  /** Where the chosen album is posted. */
  action: string;
  back: { href: string; text: string };
  /** The photos to add: shown, and sent again as hidden `idField` fields. */
  photoIds: string[];
  idField: 'photoId' | 'ids';
  /** A selection's page, carried through to the album forms. */
  returnTo?: string;
  albums: AlbumChoice[];
  canAdd: boolean;
  /** A selection may go into a new album: its name field's state. */
  newAlbum?: { maxNameLength: number; nameDraft: string; nameError?: string };
  error?: string;
}

/** The "New album" part of a selection's "Add to album" page, as typed and refused. */
export interface NewAlbumDraft {
  nameDraft?: string;
  nameError?: string;
}

export const countText = (count: number) => (count === 1 ? '1 photo' : `${count} photos`);

/** Builds the album pages' view models from AlbumsService. */
@Injectable()
export class AlbumPages {
  constructor(private readonly albums: AlbumsService) {}

  async albumsPage(owner: PhotoOwner, state: Partial<AlbumsView> = {}): Promise<AlbumsView> {
    const albums = await this.albums.list(owner);
    return {
      title: 'Albums',
      albums: albums.map((album) => ({
        ...album,
        href: `/albums/${album.id}`,
        countText: countText(album.photoCount),
      })),
      maxNameLength: MAX_ALBUM_NAME_LENGTH,
      ...state,
    };
  }

  async albumPage(
    owner: PhotoOwner,
    id: string,
    state: { cursor?: string; notice?: string; nameError?: string } = {},
  ): Promise<AlbumView> {
    const album = await this.albums.get(owner, id);
    const page = await this.albums.photos(owner, id, {
      limit: DEFAULT_PAGE_SIZE,
      cursor: state.cursor,
    });
    const names = namesOnPage(page.items);
    return {
      title: album.name,
      notice: state.notice,
      album,
      albumPath: state.cursor
        ? `/albums/${album.id}?cursor=${encodeURIComponent(state.cursor)}`
        : `/albums/${album.id}`,
      countText: countText(album.photoCount),
      photos: page.items.map((photo, index) => ({
        id: photo.id,
        ...names[index],
        thumbnailWidth: photo.thumbnailWidth,
        thumbnailHeight: photo.thumbnailHeight,
        takenAt: photo.takenAt ?? photo.createdAt,
      })),
      olderHref: page.nextCursor
        ? `/albums/${album.id}?cursor=${encodeURIComponent(page.nextCursor)}`
        : undefined,
      newestHref: state.cursor ? `/albums/${album.id}` : undefined,
      maxNameLength: MAX_ALBUM_NAME_LENGTH,
      nameError: state.nameError,
    };
  }

  async addToAlbumPage(
    owner: PhotoOwner,
    photoId: string,
    error?: string,
  ): Promise<AddToAlbumView> {
    const albums = await this.albums.choicesFor(owner, photoId);
    return {
      title: 'Add to album',
      heading: 'Add to album',
      action: '/albums/add-photo',
      back: { href: `/photos/${photoId}`, text: 'Back to the photo' },
      photoIds: [photoId],
      idField: 'photoId',
      albums,
      canAdd: albums.some((album) => !album.hasPhoto),
      error,
    };
  }

  /**
   * "Add to album" of a page's selection: the caller's photos among `ids` (SelectionNotFoundError
   * when none is), the albums to choose from, and a "New album" field.
   */
  async addSelectionPage(
    owner: PhotoOwner,
    ids: readonly string[],
    returnTo: string,
    draft: NewAlbumDraft = {},
  ): Promise<AddToAlbumView> {
    const photoIds = await this.albums.ownedSelection(owner, ids);
    const albums = await this.albums.choicesForSelection(owner, photoIds);
    const title = `Add ${countText(photoIds.length)} to an album`;
    return {
      title,
      heading: title,
      action: '/albums/add-photos',
      back: { href: returnTo, text: 'Back to the photos' },
      photoIds,
      idField: 'ids',
      returnTo,
      albums,
      canAdd: albums.some((album) => !album.hasPhoto),
      newAlbum: {
        maxNameLength: MAX_ALBUM_NAME_LENGTH,
        nameDraft: draft.nameDraft ?? '',
        nameError: draft.nameError,
      },
    };
  }
}
