import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Photo } from '../photos/photo';
import { photoColumns } from '../photos/photo-columns';
import type { PhotoCursor } from '../photos/photo-cursor';
import {
  type OpenedLink,
  SHARED_PHOTO_FIELDS,
  type SharedPhoto,
  type ShareLink,
} from './share-link';

/** A link's owner-side columns, with what it shows (album name or photo description). */
const LINK_SELECT = `
  SELECT s.id, s.owner_sub AS "ownerSub", s.owner_name AS "ownerName", s.photo_id AS "photoId",
         s.album_id AS "albumId", s.expires_at AS "expiresAt", s.allow_download AS "allowDownload",
         (s.password_hash IS NOT NULL) AS "hasPassword", s.views, s.created_at AS "createdAt",
         COALESCE(a.name, p.description, '') AS title, s.token_sealed AS "tokenSealed"
  FROM share_links s
  LEFT JOIN albums a ON a.id = s.album_id
  LEFT JOIN photos p ON p.id = s.photo_id`;

/** Live: not expired by `$now` (the app's Clock). Revoked links have no row at all. */
const LIVE = '(s.expires_at IS NULL OR s.expires_at > $2)';

const OPENED_COLUMNS = `s.id, s.owner_name AS "ownerName", s.photo_id AS "photoId",
  s.album_id AS "albumId", s.expires_at AS "expiresAt", s.allow_download AS "allowDownload",
  s.password_hash AS "passwordHash", COALESCE(a.name, p.description, '') AS title`;
const TITLE_JOINS = `LEFT JOIN albums a ON a.id = s.album_id LEFT JOIN photos p ON p.id = s.photo_id`;

export interface NewLinkRow {
  id: string;
  tokenHash: Buffer;
  tokenSealed: string;
  ownerSub: string;
  ownerName: string;
  photoId: string | null;
  albumId: string | null;
  expiresAt: Date | null;
  allowDownload: boolean;
  passwordHash: string | null;
}

/**
 * I/O only: `share_links`, and the photos a link shows. Nothing here is cached: every visitor's
 * request reads the link and, for a photo, its album membership from the database, so a change on
 * any instance holds for the next request everywhere.
 */
@Injectable()
export class SharesRepository {
  private photoSelect?: string;
  private sharedSelect?: string;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the link only if its photo or album is the owner's (one statement: no window in
   * which the target could change hands). False: no such photo or album of theirs.
   */
  async insert(row: NewLinkRow): Promise<boolean> {
    const ownedBy =
      row.photoId !== null
        ? 'EXISTS (SELECT 1 FROM photos WHERE id = $6 AND owner_sub = $4)'
        : 'EXISTS (SELECT 1 FROM albums WHERE id = $7 AND owner_sub = $4)';
    const inserted = await this.dataSource.query<{ id: string }[]>(
      `WITH made AS (
         INSERT INTO share_links (id, token_hash, token_sealed, owner_sub, owner_name, photo_id,
                                  album_id, expires_at, allow_download, password_hash)
         SELECT $1::uuid, $2::bytea, $3::text, $4::text, $5::text, $6::uuid, $7::uuid,
                $8::timestamptz, $9::boolean, $10::text
         WHERE ${ownedBy}
         RETURNING id)
       SELECT id FROM made`,
      [
        row.id,
        row.tokenHash,
        row.tokenSealed,
        row.ownerSub,
        row.ownerName,
        row.photoId,
        row.albumId,
        row.expiresAt,
        row.allowDownload,
        row.passwordHash,
      ],
    );
    return inserted.length > 0;
  }

  /** What the owner's photo or album is called; undefined when it is not theirs. */
  async targetTitle(
    ownerSub: string,
    kind: 'photo' | 'album',
    id: string,
  ): Promise<string | undefined> {
    const sql =
      kind === 'photo'
        ? 'SELECT description AS title FROM photos WHERE id = $1 AND owner_sub = $2'
        : 'SELECT name AS title FROM albums WHERE id = $1 AND owner_sub = $2';
    const [row] = await this.dataSource.query<{ title: string }[]>(sql, [id, ownerSub]);
    return row?.title;
  }

  async findOwned(ownerSub: string, id: string): Promise<ShareLink | undefined> {
    const [link] = await this.dataSource.query<ShareLink[]>(
      `${LINK_SELECT} WHERE s.id = $1 AND s.owner_sub = $2`,
      [id, ownerSub],
    );
    return link;
  }

  /** The owner's live links, newest first. */
  listLive(ownerSub: string, now: Date): Promise<ShareLink[]> {
    return this.dataSource.query<ShareLink[]>(
      `${LINK_SELECT} WHERE s.owner_sub = $1 AND ${LIVE} ORDER BY s.created_at DESC, s.id DESC`,
      [ownerSub, now],
    );
  }

  /** Revoking deletes the row: a revoked token is then exactly an unknown one. */
  async deleteOwned(ownerSub: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `WITH gone AS (DELETE FROM share_links WHERE id = $1 AND owner_sub = $2 RETURNING id)
       SELECT id FROM gone`,
      [id, ownerSub],
    );
    return rows.length > 0;
  }

  /** The live link with this token hash: one indexed lookup, whatever the token was. */
  async findLive(tokenHash: Buffer, now: Date): Promise<OpenedLink | undefined> {
    const [link] = await this.dataSource.query<OpenedLink[]>(
      `SELECT ${OPENED_COLUMNS} FROM share_links s ${TITLE_JOINS} WHERE s.token_hash = $1 AND ${LIVE}`,
      [tokenHash, now],
    );
    return link;
  }

  /**
   * The live link with this token hash if it has no password, with one more view counted, in one
   * statement (the page's hot path). Undefined for a dead link and for a password link alike.
   */
  async findOpenCountingView(tokenHash: Buffer, now: Date): Promise<OpenedLink | undefined> {
    const [link] = await this.dataSource.query<OpenedLink[]>(
      `WITH counted AS (
         UPDATE share_links s SET views = views + 1
         WHERE s.token_hash = $1 AND ${LIVE} AND s.password_hash IS NULL
         RETURNING s.*)
       SELECT ${OPENED_COLUMNS} FROM counted s ${TITLE_JOINS}`,
      [tokenHash, now],
    );
    return link;
  }

  /** One more view; an atomic increment, so concurrent views on any instance all count. */
  async countView(id: string): Promise<void> {
    await this.dataSource.query('UPDATE share_links SET views = views + 1 WHERE id = $1', [id]);
  }

  /** A photo link's photo (gone with its row: the link died with it). */
  async photo(photoId: string): Promise<Photo | undefined> {
    const [photo] = await this.dataSource.query<Photo[]>(
      `SELECT ${this.photoColumns()} FROM photos p WHERE p.id = $1`,
      [photoId],
    );
    return photo;
  }

  /** `photoId` if it is in the album now (a removed photo is not). */
  async albumPhoto(albumId: string, photoId: string): Promise<Photo | undefined> {
    const [photo] = await this.dataSource.query<Photo[]>(
      `SELECT ${this.photoColumns()} FROM album_photos ap JOIN photos p ON p.id = ap.photo_id
       WHERE ap.album_id = $1 AND ap.photo_id = $2`,
      [albumId, photoId],
    );
    return photo;
  }

  /** A page of the album's photos, newest taken first (as the owner's album page orders them). */
  albumPhotos(albumId: string, limit: number, after?: PhotoCursor): Promise<SharedPhoto[]> {
    const from = `SELECT ${this.sharedColumns()} FROM album_photos ap
      JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = $1`;
    const order = `ORDER BY p.sort_at DESC, p.id DESC`;
    if (!after) return this.dataSource.query(`${from} ${order} LIMIT $2`, [albumId, limit]);
    return this.dataSource.query(
      `${from} AND (p.sort_at, p.id) < (CAST($2 AS timestamptz), CAST($3 AS uuid)) ${order} LIMIT $4`,
      [albumId, after.at.toISOString(), after.id, limit],
    );
  }

  /** A photo link's photo as visitors see it. */
  async sharedPhoto(photoId: string): Promise<SharedPhoto | undefined> {
    const [photo] = await this.dataSource.query<SharedPhoto[]>(
      `SELECT ${this.sharedColumns()} FROM photos p WHERE p.id = $1`,
      [photoId],
    );
    return photo;
  }

  private sharedColumns(): string {
    this.sharedSelect ??= photoColumns(this.dataSource, 'p', SHARED_PHOTO_FIELDS);
    return this.sharedSelect;
  }

  private photoColumns(): string {
    this.photoSelect ??= photoColumns(this.dataSource, 'p');
    return this.photoSelect;
  }
}
