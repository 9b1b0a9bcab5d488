import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The timeline and search (issue 19).
 *
 * `sort_at` is the date a photo sorts by: when it was taken, else when it was uploaded. A stored
 * generated column, so no writer can forget it, and an index on (owner_sub, sort_at DESC, id DESC)
 * that a keyset page starts from, as the upload-date listing does with created_at.
 *
 * `search_vector` holds the words of the description and of the original file name (punctuation
 * splits words: "IMG_1234.HEIC" is img, 1234, heic), folded by `unaccent` and lower-cased, for
 * prefix search with a GIN index. unaccent is a trusted extension (PostgreSQL 13+): a database
 * owner may create it, on RDS as anywhere. Its function is only STABLE (its dictionary could
 * change), so `photos_search_words` wraps it with the dictionary named, as IMMUTABLE, the usual
 * way to index it. `photos_search_query` makes the query from a search's words with the same
 * folding: every word must start a word of the text ('cafe':* & 'img':*). Album names are
 * searched with the same two functions.
 */
export class PhotoTimelineAndSearch1764170000000 implements MigrationInterface {
  name = 'PhotoTimelineAndSearch1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`
      CREATE FUNCTION photos_search_words(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN lower(unaccent('unaccent'::regdictionary,
          regexp_replace($1, '[[:punct:][:space:]]+', ' ', 'g')))`);
    await queryRunner.query(`
      CREATE FUNCTION photos_search_query(text[]) RETURNS tsquery
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        RETURN (SELECT to_tsquery('simple'::regconfig,
                  string_agg(quote_literal(photos_search_words(word)) || ':*', ' & '))
                FROM unnest($1) AS word)`);
    await queryRunner.query(`
      ALTER TABLE "photos"
        ADD COLUMN "sort_at" timestamptz(3)
          GENERATED ALWAYS AS (COALESCE("taken_at", "created_at")) STORED,
        ADD COLUMN "search_vector" tsvector
          GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, photos_search_words(
            "description" || ' ' || COALESCE("original_file_name", '')))) STORED`);
    await queryRunner.query(
      `CREATE INDEX "IDX_photos_owner_sort_at" ON "photos" ("owner_sub", "sort_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_photos_search_vector" ON "photos" USING gin ("search_vector")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_photos_search_vector"`);
    await queryRunner.query(`DROP INDEX "IDX_photos_owner_sort_at"`);
    await queryRunner.query(
      `ALTER TABLE "photos" DROP COLUMN "search_vector", DROP COLUMN "sort_at"`,
    );
    await queryRunner.query(`DROP FUNCTION photos_search_query(text[])`);
    await queryRunner.query(`DROP FUNCTION photos_search_words(text)`);
  }
}
