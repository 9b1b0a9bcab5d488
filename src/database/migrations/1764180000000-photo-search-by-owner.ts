import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search reads one owner's matches from the index (issue 19's search bench, docs/PERFORMANCE.md).
 *
 * The GIN index on `search_vector` alone held every owner's words: a search's bitmap took every
 * owner's matches, then dropped the others' rows one by one, so the planner preferred walking the
 * owner's whole timeline for all but the rarest words. With `owner_sub` as the index's first
 * column (btree_gin gives text a GIN operator class), the bitmap holds only the searcher's
 * matches.
 *
 * `fastupdate = off`: by default GIN keeps new rows in a pending list that every search reads
 * through until (auto)vacuum merges it, up to 4 MB of it; after a burst of uploads a rare word
 * took ten times as long, and the planner chose a sequential scan instead. Photos arrive a few at
 * a time, so writing each one's words into the index straight away costs little.
 *
 * btree_gin is a trusted extension (PostgreSQL 13+), as unaccent is: the database owner may
 * create it, on RDS as anywhere.
 */
export class PhotoSearchByOwner1764180000000 implements MigrationInterface {
  name = 'PhotoSearchByOwner1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(
      `CREATE INDEX "IDX_photos_owner_search_vector" ON "photos"
         USING gin ("owner_sub", "search_vector") WITH (fastupdate = off)`,
    );
    await queryRunner.query(`DROP INDEX "IDX_photos_search_vector"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_photos_search_vector" ON "photos" USING gin ("search_vector")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_photos_owner_search_vector"`);
  }
}
