import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import type { Photo } from '../photos/photo';
import { photoColumns } from '../photos/photo-columns';
import type { PhotoCursor } from '../photos/photo-cursor';
import type { Album } from './album';
import { AlbumEntity } from './album.entity';

/** An album's row with its count and cover, each worked out by the database in one statement. */
const ALBUM_SELECT = `
  SELECT a.id, a.owner_sub AS "ownerSub", a.name, a.created_at AS "createdAt",
         a.updated_at AS "updatedAt",
         (SELECT count(*)::int FROM album_photos ap WHERE ap.album_id = a.id) AS "photoCount",
         (SELECT p.id FROM album_photos ap JOIN photos p ON p.id = ap.photo_id
           WHERE ap.album_id = a.id
           ORDER BY p.sort_at DESC, p.id DESC LIMIT 1) AS "coverPhotoId"
  FROM albums a`;

/** What adding photos did: the ids of the caller's photos, each inserted now or already there. */
export interface AddedRows {
  added: string[];
  alreadyIn: string[];
}

/** I/O only: the `albums` and `album_photos` tables. The rules live in AlbumsService. */
@Injectable()
export class AlbumsRepository {
  private photoSelect?: string;

  constructor(
    @InjectRepository(AlbumEntity) private readonly albums: Repository<AlbumEntity>,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * The owner's albums whose name has every word as the start of one of its words, folded as
   * photo search folds them (photos_search_words, migration 1764170000000), newest first.
   */
  findByName(ownerSub: string, words: readonly string[], limit: number): Promise<Album[]> {
    return this.dataSource.query<Album[]>(
      `${ALBUM_SELECT} WHERE a.owner_sub = $1
         AND to_tsvector('simple'::regconfig, photos_search_words(a.name))
             @@ photos_search_query($2::text[])
       ORDER BY a.created_at DESC, a.id DESC LIMIT $3`,
      [ownerSub, words, limit],
    );
  }

  /** Newest first. */
  listOwned(ownerSub: string): Promise<Album[]> {
    return this.dataSource.query<Album[]>(
      `${ALBUM_SELECT} WHERE a.owner_sub = $1 ORDER BY a.created_at DESC, a.id DESC`,
      [ownerSub],
    );
  }

  async findOwned(ownerSub: string, id: string): Promise<Album | undefined> {
    const [album] = await this.dataSource.query<Album[]>(
      `${ALBUM_SELECT} WHERE a.id = $1 AND a.owner_sub = $2`,
      [id, ownerSub],
    );
    return album;
  }

  async insert(ownerSub: string, name: string): Promise<Album> {
    const id = randomUUID();
    await this.albums.insert({ id, ownerSub, name });
    return (await this.findOwned(ownerSub, id))!;
  }

  async rename(ownerSub: string, id: string, name: string): Promise<boolean> {
    const result = await this.albums.update({ id, ownerSub }, { name, updatedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  /** Its memberships and share links go with it (ON DELETE CASCADE), in this one statement. */
  async deleteOwned(ownerSub: string, id: string): Promise<boolean> {
    const result = await this.albums.delete({ id, ownerSub });
    return (result.affected ?? 0) > 0;
  }

  /**
   * One page of the album's photos, newest taken first (upload date when unknown), keyset-paged
   * on (that date, id): `photos.sort_at`.
   */
  photoPage(albumId: string, limit: number, after?: PhotoCursor): Promise<Photo[]> {
    const from = `SELECT ${this.photoColumns()} FROM album_photos ap
      JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = $1`;
    const order = `ORDER BY p.sort_at DESC, p.id DESC`;
    if (!after) return this.dataSource.query(`${from} ${order} LIMIT $2`, [albumId, limit]);
    return this.dataSource.query(
      `${from} AND (p.sort_at, p.id) < (CAST($2 AS timestamptz), CAST($3 AS uuid)) ${order} LIMIT $4`,
      [albumId, after.at.toISOString(), after.id, limit],
    );
  }

  /**
   * Adds those of `photoIds` that are the owner's photos, in one transaction that holds the album
   * row (so a concurrent delete waits). Ids that are no photo of the owner's are left out: nothing
   * is written for them. Undefined when the album is not the owner's.
   */
  async addPhotos(
    ownerSub: string,
    albumId: string,
    photoIds: string[],
  ): Promise<AddedRows | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const held = await manager.query<unknown[]>(
        'SELECT 1 FROM albums WHERE id = $1 AND owner_sub = $2 FOR UPDATE',
        [albumId, ownerSub],
      );
      if (held.length === 0) return undefined;
      const rows = await manager.query<{ id: string; added: boolean }[]>(
        `WITH owned AS (
           SELECT p.id FROM photos p WHERE p.id = ANY($2::uuid[]) AND p.owner_sub = $3),
         inserted AS (
           INSERT INTO album_photos (album_id, photo_id) SELECT $1, id FROM owned
           ON CONFLICT DO NOTHING RETURNING photo_id)
         SELECT o.id, (i.photo_id IS NOT NULL) AS added
         FROM owned o LEFT JOIN inserted i ON i.photo_id = o.id`,
        [albumId, photoIds, ownerSub],
      );
      if (rows.some((row) => row.added))
        await manager.query('UPDATE albums SET updated_at = now() WHERE id = $1', [albumId]);
      return {
        added: rows.filter((row) => row.added).map((row) => row.id),
        alreadyIn: rows.filter((row) => !row.added).map((row) => row.id),
      };
    });
  }

  /** Removes the membership only if the album is the owner's; says whether one was removed. */
  async removePhoto(ownerSub: string, albumId: string, photoId: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ album_id: string }[]>(
      `WITH removed AS (
         DELETE FROM album_photos ap USING albums a
         WHERE ap.album_id = a.id AND a.id = $1 AND a.owner_sub = $2 AND ap.photo_id = $3
         RETURNING ap.album_id),
       touched AS (
         UPDATE albums SET updated_at = now() WHERE id IN (SELECT album_id FROM removed)
         RETURNING id)
       SELECT id AS album_id FROM touched`,
      [albumId, ownerSub, photoId],
    );
    return rows.length > 0;
  }

  /**
   * Removes those of `photoIds` from the album if it is the owner's; answers how many were in it
   * (0 when none was, or when the album is not the owner's: the service checks that first).
   */
  async removePhotos(ownerSub: string, albumId: string, photoIds: string[]): Promise<number> {
    const [row] = await this.dataSource.query<{ removed: number }[]>(
      `WITH removed AS (
         DELETE FROM album_photos ap USING albums a
         WHERE ap.album_id = a.id AND a.id = $1 AND a.owner_sub = $2
           AND ap.photo_id = ANY($3::uuid[])
         RETURNING ap.album_id),
       touched AS (
         UPDATE albums SET updated_at = now() WHERE id IN (SELECT album_id FROM removed)
         RETURNING id)
       SELECT (SELECT count(*)::int FROM removed) AS removed,
              (SELECT count(*)::int FROM touched) AS touched`,
      [albumId, ownerSub, photoIds],
    );
    return row?.removed ?? 0;
  }

  /** Those of `photoIds` that are the owner's photos (in no particular order). */
  async ownedPhotoIds(ownerSub: string, photoIds: string[]): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM photos WHERE owner_sub = $1 AND id = ANY($2::uuid[])',
      [ownerSub, photoIds],
    );
    return rows.map((row) => row.id);
  }

  /** The owner's albums (newest first), each with how many of `photoIds` it holds already. */
  albumsHolding(
    ownerSub: string,
    photoIds: string[],
  ): Promise<{ id: string; name: string; held: number }[]> {
    return this.dataSource.query(
      `SELECT a.id, a.name, (
         SELECT count(*)::int FROM album_photos ap
         WHERE ap.album_id = a.id AND ap.photo_id = ANY($2::uuid[])) AS held
       FROM albums a WHERE a.owner_sub = $1 ORDER BY a.created_at DESC, a.id DESC`,
      [ownerSub, photoIds],
    );
  }

  /** The owner's albums (newest first) and whether `photoId` is in each, for "Add to album". */
  albumsWithPhoto(
    ownerSub: string,
    photoId: string,
  ): Promise<{ id: string; name: string; hasPhoto: boolean }[]> {
    return this.dataSource.query(
      `SELECT a.id, a.name, EXISTS (
         SELECT 1 FROM album_photos ap WHERE ap.album_id = a.id AND ap.photo_id = $2) AS "hasPhoto"
       FROM albums a WHERE a.owner_sub = $1 ORDER BY a.created_at DESC, a.id DESC`,
      [ownerSub, photoId],
    );
  }

  /** Whether the owner has this photo (for the "Add to album" page). */
  async ownsPhoto(ownerSub: string, photoId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM photos WHERE id = $1 AND owner_sub = $2',
      [photoId, ownerSub],
    );
    return rows.length > 0;
  }

  private photoColumns(): string {
    this.photoSelect ??= photoColumns(this.dataSource, 'p');
    return this.photoSelect;
  }
}
