import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The `share_links` table (made by migration 1764161000000; never synchronised). Visitors find a
 * link by `token_hash` only; SharesRepository's SQL reads and counts.
 */
@Entity({ name: 'share_links' })
export class ShareLinkEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'token_sealed', type: 'text' })
  tokenSealed!: string;

  @Column({ name: 'owner_sub', type: 'text' })
  ownerSub!: string;

  @Column({ name: 'owner_name', type: 'text' })
  ownerName!: string;

  @Column({ name: 'photo_id', type: 'uuid', nullable: true })
  photoId!: string | null;

  @Column({ name: 'album_id', type: 'uuid', nullable: true })
  albumId!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3, nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'allow_download', type: 'boolean', default: false })
  allowDownload!: boolean;

  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'int', default: 0 })
  views!: number;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
