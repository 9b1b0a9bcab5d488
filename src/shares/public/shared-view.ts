import type { SharedPhoto } from '../share-link';
import type { SharedContent } from '../shared-links.service';

/** The JSON a visitor's client gets from GET /s/:token. */
export interface SharedJson {
  kind: 'album' | 'photo';
  name: string;
  owner: { nickname: string };
  items: SharedItemJson[];
  nextCursor: string | null;
}

export interface SharedItemJson {
  id: string;
  description: string;
  takenAt: string | null;
  width: number;
  height: number;
  urls: { image: string; thumbnail: string; original?: string };
}

/** What pages/shared.hbs renders. */
export interface SharedPageView {
  title: string;
  kind: 'album' | 'photo';
  name: string;
  ownerName: string;
  countText: string;
  allowDownload: boolean;
  items: (SharedItemJson & {
    alt: string;
    takenAtDate?: Date;
    thumbnailWidth: number;
    thumbnailHeight: number;
  })[];
  olderHref?: string;
  newestHref?: string;
}

/** Every URL a link serves is under the link itself: /s/TOKEN/photos/ID/… */
function itemOf(photo: SharedPhoto, base: string, allowDownload: boolean): SharedItemJson {
  const self = `${base}/photos/${photo.id}`;
  return {
    id: photo.id,
    description: photo.description,
    takenAt: photo.takenAt?.toISOString() ?? null,
    width: photo.width,
    height: photo.height,
    urls: {
      image: `${self}/image`,
      thumbnail: `${self}/thumbnail`,
      ...(allowDownload ? { original: `${self}/original` } : {}),
    },
  };
}

/** `base`: the link's own URL (absolute for JSON, a path for pages). */
export function sharedJson(content: SharedContent, base: string): SharedJson {
  const { link } = content;
  return {
    kind: link.albumId !== null ? 'album' : 'photo',
    name: link.title,
    owner: { nickname: link.ownerName },
    items: content.photos.map((photo) => itemOf(photo, base, link.allowDownload)),
    nextCursor: content.nextCursor ?? null,
  };
}

export function sharedPage(content: SharedContent, base: string, cursor?: string): SharedPageView {
  const { link } = content;
  const kind = link.albumId !== null ? 'album' : 'photo';
  const name = link.title || (kind === 'album' ? 'Shared album' : 'Shared photo');
  const count = content.photos.length;
  return {
    title: name,
    kind,
    name,
    ownerName: link.ownerName,
    countText: count === 1 ? '1 photo' : `${count} photos`,
    allowDownload: link.allowDownload,
    items: content.photos.map((photo) => ({
      ...itemOf(photo, base, link.allowDownload),
      alt: photo.description || 'Photo',
      takenAtDate: photo.takenAt ?? undefined,
      thumbnailWidth: photo.thumbnailWidth,
      thumbnailHeight: photo.thumbnailHeight,
    })),
    olderHref: content.nextCursor
      ? `${base}?cursor=${encodeURIComponent(content.nextCursor)}`
      : undefined,
    newestHref: cursor ? base : undefined,
  };
}
