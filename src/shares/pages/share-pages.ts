import { Injectable } from '@nestjs/common';
import { HttpConfig } from '../../config/config-slices';
import type { PhotoOwner } from '../../photos/photo';
import type { NewShareInput } from '../share-link';
import { SharesService } from '../shares.service';

/** One link as /shares lists it. */
interface ShareRow {
  id: string;
  url?: string;
  what: string;
  targetHref: string;
  expiresAt: Date | null;
  views: number;
  allowDownload: boolean;
  hasPassword: boolean;
  isNew: boolean;
}

/** What pages/shares.hbs renders (plus `currentUser` and `csrfToken` from res.locals). */
export interface SharesView {
  title: string;
  notice?: string;
  shares: ShareRow[];
}

/** What pages/share-new.hbs renders. */
export interface ShareNewView {
  title: string;
  what: string;
  backHref: string;
  photoId?: string;
  albumId?: string;
  error?: string;
}

/** Builds the owner's share pages from SharesService. */
@Injectable()
export class SharePages {
  constructor(
    private readonly shares: SharesService,
    private readonly http: HttpConfig,
  ) {}

  async sharesPage(
    owner: PhotoOwner,
    state: { notice?: string; newId?: string },
  ): Promise<SharesView> {
    const links = await this.shares.list(owner);
    return {
      title: 'Shared links',
      notice: state.notice,
      shares: links.map((link) => ({
        id: link.id,
        url: link.token === undefined ? undefined : `${this.http.baseUrl}/s/${link.token}`,
        what:
          link.albumId !== null
            ? `Album “${link.title}”`
            : link.title
              ? `Photo “${link.title}”`
              : 'A photo',
        targetHref: link.albumId !== null ? `/albums/${link.albumId}` : `/photos/${link.photoId}`,
        expiresAt: link.expiresAt,
        views: link.views,
        allowDownload: link.allowDownload,
        hasPassword: link.hasPassword,
        isNew: link.id === state.newId,
      })),
    };
  }

  async newSharePage(
    owner: PhotoOwner,
    target: NewShareInput['target'],
    error?: string,
  ): Promise<ShareNewView> {
    const title = await this.shares.targetTitle(owner, target);
    const photo = target.kind === 'photo';
    return {
      title: 'Share',
      what: photo ? (title ? `the photo “${title}”` : 'this photo') : `the album “${title}”`,
      backHref: photo ? `/photos/${target.id}` : `/albums/${target.id}`,
      photoId: photo ? target.id : undefined,
      albumId: photo ? undefined : target.id,
      error,
    };
  }
}
