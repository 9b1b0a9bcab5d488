import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { Photo, PhotoFile, PhotoVariant } from '../photos/photo';
import { cursorAfter, decodeCursor, encodeCursor, type PhotoCursor } from '../photos/photo-cursor';
import { PhotoNotFoundError } from '../photos/photo-errors';
import { PhotoFiles } from '../photos/photo-files';
import { isPhotoId } from '../photos/photo-id';
import { ShareLockedError, ShareUnavailableError, WrongSharePasswordError } from './share-errors';
import type { OpenedLink, SharedPhoto } from './share-link';
import { verifySharePassword } from './share-password';
import {
  SHARED_FILE_MAX_AGE_SECONDS,
  SHARED_PAGE_SIZE,
  UNLOCK_COOKIE_MAX_AGE_MS,
} from './share-rules';
import { ShareHashingQueue } from './share-hashing-queue';
import { ShareSecrets } from './share-secrets';
import { shareTokenHash } from './share-token';
import { SharesRepository } from './shares.repository';
import { UnlockAttempts } from './unlock-attempts';

/** What a link shows: its photo, or a page of its album's photos. */
export interface SharedContent {
  link: OpenedLink;
  photos: SharedPhoto[];
  nextCursor?: string;
}

/** One file through a link, and how long a browser may keep it. */
export interface SharedFile {
  file: PhotoFile;
  maxAgeSeconds: number;
}

/** A password link, unlocked: the cookie's value and how long it lasts. */
export interface UnlockPass {
  value: string;
  maxAgeMs: number;
}

/**
 * The visitor's side of share links. Every call finds the link by its token's hash in the
 * database (unknown, revoked and expired links all fail the same lookup, with the same error) and
 * checks a photo's membership there too: nothing is remembered between requests, so a revoke,
 * a delete or a removal holds at once on every instance. Knows nothing of HTTP: the unlock pass
 * is a string the caller keeps (in a cookie) and hands back.
 */
@Injectable()
export class SharedLinks {
  constructor(
    private readonly repository: SharesRepository,
    private readonly files: PhotoFiles,
    private readonly secrets: ShareSecrets,
    private readonly attempts: UnlockAttempts,
    private readonly hashing: ShareHashingQueue,
    private readonly clock: Clock,
  ) {}

  /** The live link; ShareLockedError while its password has not been given in this browser. */
  async open(token: string, unlockPass: unknown): Promise<OpenedLink> {
    const link = await this.find(token);
    if (
      link.passwordHash !== null &&
      !this.secrets.isValidUnlockPass(unlockPass, link.id, this.clock.now())
    )
      throw new ShareLockedError();
    return link;
  }

  /**
   * What the link shows, with one more view counted when its first page is shown. An open link's
   * first page is found and counted in one statement; anything else (a dead link, a password
   * link, a later page) is looked up as `open` does. A dead link costs the same two lookups
   * whether it never existed, was revoked or expired.
   */
  async content(token: string, unlockPass: unknown, cursor?: string): Promise<SharedContent> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, 'taken');
    if (after === undefined) {
      const hash = shareTokenHash(token);
      const counted = await this.repository.findOpenCountingView(hash, this.clock.date());
      if (counted) return { link: counted, ...(await this.photosOf(counted)) };
    }
    const link = await this.open(token, unlockPass);
    const [page] = await Promise.all([
      this.photosOf(link, after),
      after === undefined ? this.repository.countView(link.id) : undefined,
    ]);
    return { link, ...page };
  }

  /**
   * One file of a photo the link shows now: its photo, or a photo in its album at this moment.
   * Originals only when the link allows downloads. Anything else is "not available".
   */
  async file(
    token: string,
    unlockPass: unknown,
    photoId: string,
    variant: string,
  ): Promise<SharedFile> {
    const link = await this.open(token, unlockPass);
    if (!isVariant(variant) || (variant === 'original' && !link.allowDownload))
      throw new ShareUnavailableError();
    const photo = isPhotoId(photoId) ? await this.photoOf(link, photoId.toLowerCase()) : undefined;
    if (!photo) throw new ShareUnavailableError();
    const maxAgeSeconds = this.remainingSeconds(link);
    try {
      return { file: await this.files.open(photo, variant, maxAgeSeconds), maxAgeSeconds };
    } catch (error) {
      if (error instanceof PhotoNotFoundError) throw new ShareUnavailableError();
      throw error;
    }
  }

  /**
   * Checks a password for the link (every try counted per link and client, 429 beyond the limit)
   * and answers the pass that unlocks it. The same WrongSharePasswordError whatever was wrong.
   * When too many passwords wait to be hashed, ShareHashingBusyError before the try is counted.
   */
  async unlock(token: string, password: unknown, client: string): Promise<UnlockPass> {
    const link = await this.find(token);
    const expiresAtMs = Math.min(
      this.clock.now() + UNLOCK_COOKIE_MAX_AGE_MS,
      link.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
    );
    const pass = {
      value: this.secrets.unlockPass(link.id, expiresAtMs),
      maxAgeMs: expiresAtMs - this.clock.now(),
    };
    if (link.passwordHash === null) return pass;
    if (!(await this.checkPassword(link.id, link.passwordHash, password, client)))
      throw new WrongSharePasswordError();
    return pass;
  }

  /** A place in the hashing line first, so that a busy refusal counts no try. */
  private async checkPassword(
    linkId: string,
    passwordHash: string,
    password: unknown,
    client: string,
  ): Promise<boolean> {
    const turn = this.hashing.enter();
    try {
      await this.attempts.take(linkId, client);
      return (
        typeof password === 'string' &&
        password.length <= 1024 &&
        (await turn.run(() => verifySharePassword(password, passwordHash)))
      );
    } finally {
      turn.leave();
    }
  }

  private async find(token: string): Promise<OpenedLink> {
    const link = await this.repository.findLive(shareTokenHash(token), this.clock.date());
    if (!link) throw new ShareUnavailableError();
    return link;
  }

  private async photosOf(
    link: OpenedLink,
    after?: PhotoCursor,
  ): Promise<{ photos: SharedPhoto[]; nextCursor?: string }> {
    if (link.photoId !== null) {
      const photo = after ? undefined : await this.repository.sharedPhoto(link.photoId);
      return { photos: photo ? [photo] : [] };
    }
    const rows = await this.repository.albumPhotos(link.albumId!, SHARED_PAGE_SIZE + 1, after);
    const photos = rows.slice(0, SHARED_PAGE_SIZE);
    const last = photos[photos.length - 1];
    const nextCursor =
      rows.length > SHARED_PAGE_SIZE && last ? encodeCursor(cursorAfter(last, 'taken')) : undefined;
    return { photos, nextCursor };
  }

  private photoOf(link: OpenedLink, photoId: string): Promise<Photo | undefined> {
    if (link.photoId !== null)
      return link.photoId === photoId ? this.repository.photo(photoId) : Promise.resolve(undefined);
    return this.repository.albumPhoto(link.albumId!, photoId);
  }

  /** At most five minutes, and never past the link's own end. */
  private remainingSeconds(link: OpenedLink): number {
    if (!link.expiresAt) return SHARED_FILE_MAX_AGE_SECONDS;
    const left = Math.floor((link.expiresAt.getTime() - this.clock.now()) / 1000);
    return Math.max(0, Math.min(SHARED_FILE_MAX_AGE_SECONDS, left));
  }
}

const VARIANTS: readonly string[] = ['image', 'thumbnail', 'original'] satisfies PhotoVariant[];

function isVariant(value: string): value is PhotoVariant {
  return VARIANTS.includes(value);
}
