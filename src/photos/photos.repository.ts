import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type NewPhoto, type Photo, PHOTO_CARD_FIELDS, type PhotoCard } from './photo';
import type { PhotoCursor } from './photo-cursor';
import { PhotoEntity } from './photo.entity';

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

  /**
   * One page, newest first, of at most `limit` rows after `after`. The row-value comparison
   * matches the index (owner_sub, created_at DESC, id DESC), so PostgreSQL starts the index scan
   * at the cursor: page 1000 costs what page 1 costs, unlike OFFSET.
   */
  async listPage(ownerSub: string, limit: number, after?: PhotoCursor): Promise<Photo[]> {
    const [sql, parameters] = this.listPageStatement(ownerSub, limit, after);
    return this.photos.query<Photo[]>(sql, parameters);
  }

  /** The same page with only what a grid shows of each photo: fewer columns to send and parse. */
  async listCards(ownerSub: string, limit: number, after?: PhotoCursor): Promise<PhotoCard[]> {
    const [sql, parameters] = this.listPageStatement(ownerSub, limit, after, PHOTO_CARD_FIELDS);
    return this.photos.query<PhotoCard[]>(sql, parameters);
  }

  /**
   * The listing's SQL and parameters (public so the benchmark can EXPLAIN exactly what runs).
   * Plain SQL, not the query builder: the listing is the API's hottest read, and building the
   * query and hydrating 25 entities took more CPU than the rest of the request together. Each
   * column is selected under its entity property name, and pg parses timestamptz into Date and
   * int into number, so every row already is a Photo.
   */
  listPageStatement(
    ownerSub: string,
    limit: number,
    after?: PhotoCursor,
    fields?: readonly (keyof Photo)[],
  ): [sql: string, parameters: unknown[]] {
    const columns = this.selectList(fields);
    const from = `SELECT ${columns} FROM photos WHERE owner_sub = $1`;
    const order = 'ORDER BY created_at DESC, id DESC';
    if (!after) return [`${from} ${order} LIMIT $2`, [ownerSub, limit]];
    return [
      `${from} AND (created_at, id) < (CAST($2 AS timestamptz), CAST($3 AS uuid)) ${order} LIMIT $4`,
      [ownerSub, after.createdAt.toISOString(), after.id, limit],
    ];
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

  /**
   * The photos just newer and just older than `photo` in the listing's order, each found by
   * one index range scan from the photo's (created_at, id).
   */
  async neighbours(ownerSub: string, photo: Photo): Promise<{ newer?: Photo; older?: Photo }> {
    const position = { createdAt: photo.createdAt.toISOString(), id: photo.id };
    const [newer, older] = await Promise.all([
      this.photos
        .createQueryBuilder('photo')
        .where('photo.ownerSub = :ownerSub', { ownerSub })
        .andWhere(
          '(photo.createdAt, photo.id) > (CAST(:createdAt AS timestamptz), CAST(:id AS uuid))',
          position,
        )
        .orderBy('photo.createdAt', 'ASC')
        .addOrderBy('photo.id', 'ASC')
        .limit(1)
        .getOne(),
      this.listPage(ownerSub, 1, photo),
    ]);
    return { newer: newer ?? undefined, older: older[0] };
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
