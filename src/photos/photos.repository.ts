import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { NewPhoto, Photo } from './photo';
import { cursorAfter, type PhotoCursor, type PhotoSort } from './photo-cursor';
import type { PhotoFilter } from './photo-listing';
import {
  type ListingStatement,
  listingStatement,
  monthsStatement,
  positionStatement,
} from './photo-listing-sql';
import { PhotoEntity } from './photo.entity';

/** A page to read: everything of a listing statement but the select list. */
export type PageQuery = Omit<ListingStatement, 'columns'>;

/** I/O only: the `photos` table through TypeORM. The rules live in PhotosService. */
@Injectable()
export class PhotosRepository {
  /** Select lists (columns under their property names) by the fields they hold, built on first use. */
  private readonly selectLists = new Map<string, string>();

  constructor(@InjectRepository(PhotoEntity) private readonly photos: Repository<PhotoEntity>) {}

  /** Inserts the row; the database sets created_at (one clock for every instance). */
  async insert(photo: NewPhoto): Promise<Photo> {
    const entity = this.photos.create(photo);
    // insert() reads back the defaulted columns (created_at) with RETURNING into the entity.
    await this.photos.insert(entity);
    return entity;
  }

  findOwned(ownerSub: string, id: string): Promise<Photo | null> {
    return this.photos.findOneBy({ ownerSub, id });
  }

  /** One page of the owner's photos (see listingStatement), every column. */
  async listPage(page: PageQuery): Promise<Photo[]> {
    const [sql, parameters] = this.listPageStatement(page);
    return this.photos.query<Photo[]>(sql, parameters);
  }

  /**
   * The same page with only `fields` of each photo (what the API or a grid shows): fewer columns
   * to send and parse.
   */
  async listFields<F extends keyof Photo>(
    page: PageQuery,
    fields: readonly F[],
  ): Promise<Pick<Photo, F>[]> {
    const [sql, parameters] = this.listPageStatement(page, fields);
    return this.photos.query<Pick<Photo, F>[]>(sql, parameters);
  }

  /**
   * The listing's SQL and parameters (public so the benchmark can EXPLAIN exactly what runs).
   * Plain SQL, not the query builder: the listing is the API's hottest read, and building the
   * query and hydrating 25 entities took more CPU than the rest of the request together. Each
   * column is selected under its entity property name, and pg parses timestamptz into Date and
   * int into number, so every row already is a Photo.
   */
  listPageStatement(
    page: PageQuery,
    fields?: readonly (keyof Photo)[],
  ): [sql: string, parameters: unknown[]] {
    return listingStatement({ ...page, columns: this.selectList(fields) });
  }

  /** How many photos the listing holds, and how many come before `first` in its order. */
  async position(
    ownerSub: string,
    sort: PhotoSort,
    filter: PhotoFilter | undefined,
    first: PhotoCursor | undefined,
  ): Promise<{ total: number; newer: number }> {
    const [sql, parameters] = positionStatement(ownerSub, sort, filter, first);
    const [row] = await this.photos.query<{ total: number; newer: number }[]>(sql, parameters);
    return row;
  }

  /** The months the owner has photos in on the timeline ("2024-09"), newest first. */
  months(ownerSub: string): Promise<{ month: string; count: number }[]> {
    const [sql, parameters] = monthsStatement(ownerSub);
    return this.photos.query(sql, parameters);
  }

  /** `"column" AS "property"` for each field (every column by default), made once per list. */
  private selectList(fields?: readonly (keyof Photo)[]): string {
    const key = fields?.join(',') ?? '*';
    let list = this.selectLists.get(key);
    if (list === undefined) {
      list = this.photos.metadata.columns
        .filter((column) => !fields || fields.includes(column.propertyName as keyof Photo))
        .map((column) => `"${column.databaseName}" AS "${column.propertyName}"`)
        .join(', ');
      this.selectLists.set(key, list);
    }
    return list;
  }

  /** The photos just newer and just older than `photo` on the timeline, one index scan each. */
  async neighbours(ownerSub: string, photo: Photo): Promise<{ newer?: Photo; older?: Photo }> {
    const at = cursorAfter(photo, 'taken');
    const side = (where: 'after' | 'before') =>
      this.listPage({ ownerSub, sort: 'taken', limit: 1, [where]: at });
    const [newer, older] = await Promise.all([side('before'), side('after')]);
    return { newer: newer[0], older: older[0] };
  }

  /** Sets the owner's photo's description; null when there is no such photo of theirs. */
  async updateDescription(
    ownerSub: string,
    id: string,
    description: string,
  ): Promise<Photo | null> {
    const result = await this.photos.update({ ownerSub, id }, { description });
    if (!result.affected) return null;
    return this.findOwned(ownerSub, id);
  }

  /** Deletes the owner's row in one statement and says which files it had (none: not theirs). */
  async deleteOwned(ownerSub: string, id: string): Promise<string[] | undefined> {
    const runner = this.photos.manager.connection.createQueryRunner();
    try {
      // The structured result gives RETURNING's rows whatever the statement (plain `query()`
      // answers a DELETE with [rows, rowCount] on PostgreSQL).
      const result = await runner.query(
        'DELETE FROM photos WHERE id = $1 AND owner_sub = $2 RETURNING original_key, image_key, thumbnail_key',
        [id, ownerSub],
        true,
      );
      type Row = { original_key: string; image_key: string; thumbnail_key: string };
      const row = (result.records as Row[])[0];
      return row ? [row.original_key, row.image_key, row.thumbnail_key] : undefined;
    } finally {
      await runner.release();
    }
  }

  /** The owner's photos among `ids` (valid ids), in no particular order. */
  findOwnedMany(ownerSub: string, ids: readonly string[]): Promise<Photo[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.photos.findBy({ ownerSub, id: In([...ids]) });
  }

  /**
   * Deletes the owner's rows among `ids` in one statement (all or none) and says, for each row
   * deleted, its id and the files it had.
   */
  async deleteOwnedMany(
    ownerSub: string,
    ids: readonly string[],
  ): Promise<{ id: string; keys: string[] }[]> {
    if (ids.length === 0) return [];
    const runner = this.photos.manager.connection.createQueryRunner();
    try {
      const result = await runner.query(
        `DELETE FROM photos WHERE id = ANY($1::uuid[]) AND owner_sub = $2
         RETURNING id, original_key, image_key, thumbnail_key`,
        [ids, ownerSub],
        true,
      );
      type Row = { id: string; original_key: string; image_key: string; thumbnail_key: string };
      return (result.records as Row[]).map((row) => ({
        id: row.id,
        keys: [row.original_key, row.image_key, row.thumbnail_key],
      }));
    } finally {
      await runner.release();
    }
  }

  /** Which of these ids have a row (for the orphan sweeper). */
  async existingIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.photos.query(
      'SELECT id FROM photos WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }
}
