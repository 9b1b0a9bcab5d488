import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The `albums` table (made by migration 1764160000000; never synchronised). Memberships live in
 * `album_photos`, read and written by AlbumsRepository's SQL.
 */
@Entity({ name: 'albums' })
export class AlbumEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'owner_sub', type: 'text' })
  ownerSub!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt!: Date;
}
