import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Photo } from './photo';

/**
 * The `photos` table (made by migration 1764130100000; never synchronised). Listing uses the
 * index on (owner_sub, created_at DESC, id DESC). created_at is timestamptz(3) so a JS Date holds
 * it exactly and keyset cursors compare equal to what is stored.
 */
@Entity({ name: 'photos' })
export class PhotoEntity implements Photo {
  /** A UUIDv7 made by the service before the files are written (see photo-id.ts). */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'owner_sub', type: 'text' })
  ownerSub!: string;

  @Column({ name: 'owner_username', type: 'text' })
  ownerUsername!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ type: 'int' })
  width!: number;

  @Column({ type: 'int' })
  height!: number;

  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes!: number;

  @Column({ name: 'image_key', type: 'text' })
  imageKey!: string;

  @Column({ name: 'original_key', type: 'text' })
  originalKey!: string;

  @Column({ name: 'original_content_type', type: 'text' })
  originalContentType!: string;

  @Column({ name: 'original_size_bytes', type: 'int' })
  originalSizeBytes!: number;

  @Column({ name: 'original_width', type: 'int' })
  originalWidth!: number;

  @Column({ name: 'original_height', type: 'int' })
  originalHeight!: number;

  @Column({ name: 'original_file_name', type: 'text', nullable: true })
  originalFileName!: string | null;

  @Column({ name: 'taken_at', type: 'timestamptz', precision: 3, nullable: true })
  takenAt!: Date | null;

  @Column({ name: 'taken_at_offset', type: 'text', nullable: true })
  takenAtOffset!: string | null;

  @Column({ name: 'thumbnail_key', type: 'text' })
  thumbnailKey!: string;

  @Column({ name: 'thumbnail_content_type', type: 'text' })
  thumbnailContentType!: string;

  @Column({ name: 'thumbnail_width', type: 'int' })
  thumbnailWidth!: number;

  @Column({ name: 'thumbnail_height', type: 'int' })
  thumbnailHeight!: number;

  @Column({ name: 'thumbnail_size_bytes', type: 'int' })
  thumbnailSizeBytes!: number;

  /** Set by the database clock, so every instance orders photos the same way. */
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
