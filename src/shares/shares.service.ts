import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import type { PhotoOwner } from '../photos/photo';
import { isPhotoId } from '../photos/photo-id';
import { ShareInputError, ShareTargetNotFoundError } from './share-errors';
import type { NewShareInput, ShareLink } from './share-link';
import { ShareHashingQueue } from './share-hashing-queue';
import { hashSharePassword } from './share-password';
import { SHARE_TEXT } from './share-rules';
import { ShareSecrets } from './share-secrets';
import { newShareToken, shareTokenHash } from './share-token';
import { SharesRepository } from './shares.repository';

/** Who makes a link: the owner, and the name visitors see ("shared by …"). */
export interface ShareOwner extends PhotoOwner {
  displayName: string;
}

/** A link as its owner sees it, with its token when it can be opened (for the URL). */
export interface OwnedShare extends ShareLink {
  token?: string;
}

/**
 * The owner's side of share links: make one to a photo or album of theirs, list the live ones,
 * revoke. Knows nothing of HTTP.
 */
@Injectable()
export class SharesService {
  constructor(
    private readonly repository: SharesRepository,
    private readonly secrets: ShareSecrets,
    private readonly hashing: ShareHashingQueue,
    private readonly clock: Clock,
  ) {}

  /** ShareHashingBusyError, nothing made, when too many link passwords wait to be hashed. */
  async create(owner: ShareOwner, input: NewShareInput): Promise<OwnedShare> {
    if (input.expiresAt && input.expiresAt.getTime() <= this.clock.now())
      throw new ShareInputError(SHARE_TEXT.expiryInPast);
    const { password } = input;
    const passwordHash =
      password === undefined ? null : await this.hashing.run(() => hashSharePassword(password));
    const token = newShareToken();
    const id = randomUUID();
    const inserted = await this.repository.insert({
      id,
      tokenHash: shareTokenHash(token),
      tokenSealed: this.secrets.sealToken(token),
      ownerSub: owner.sub,
      ownerName: owner.displayName,
      photoId: input.target.kind === 'photo' ? input.target.id : null,
      albumId: input.target.kind === 'album' ? input.target.id : null,
      expiresAt: input.expiresAt ?? null,
      allowDownload: input.allowDownload,
      passwordHash,
    });
    if (!inserted) throw new ShareTargetNotFoundError();
    const link = await this.repository.findOwned(owner.sub, id);
    if (!link) throw new ShareTargetNotFoundError();
    return { ...link, token };
  }

  /** What the Share form is about: 404 unless the photo or album is the owner's. */
  async targetTitle(owner: PhotoOwner, target: NewShareInput['target']): Promise<string> {
    const title = isPhotoId(target.id)
      ? await this.repository.targetTitle(owner.sub, target.kind, target.id.toLowerCase())
      : undefined;
    if (title === undefined) throw new ShareTargetNotFoundError();
    return title;
  }

  /** Live links only (expired ones never work again), newest first. */
  async list(owner: PhotoOwner): Promise<OwnedShare[]> {
    const links = await this.repository.listLive(owner.sub, this.clock.date());
    return links.map((link) => ({ ...link, token: this.secrets.openToken(link.tokenSealed) }));
  }

  /** Takes effect for the next request on every instance: the row is gone. */
  async revoke(owner: PhotoOwner, id: string): Promise<void> {
    if (!isPhotoId(id) || !(await this.repository.deleteOwned(owner.sub, id)))
      throw new ShareTargetNotFoundError(SHARE_TEXT.noSuchLink);
  }
}
