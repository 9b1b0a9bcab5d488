import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps each upload's untouched bytes beside its display copy, and its capture date.
 *
 * `original_key` used to name the display copy; it becomes `image_key`. Rows from before this
 * migration have no untouched file, so their "original" is their display copy (same key, type,
 * size and dimensions): downloads keep working, they are simply not better than the display copy.
 */
export class KeepOriginals1764140000000 implements MigrationInterface {
  name = 'KeepOriginals1764140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "photos" RENAME COLUMN "original_key" TO "image_key"`);
    await queryRunner.query(`
      ALTER TABLE "photos"
        ADD COLUMN "original_key" text,
        ADD COLUMN "original_content_type" text,
        ADD COLUMN "original_size_bytes" integer CHECK ("original_size_bytes" >= 0),
        ADD COLUMN "original_width" integer CHECK ("original_width" > 0),
        ADD COLUMN "original_height" integer CHECK ("original_height" > 0),
        ADD COLUMN "original_file_name" text CHECK (char_length("original_file_name") <= 255),
        ADD COLUMN "taken_at" timestamptz(3),
        ADD COLUMN "taken_at_offset" text CHECK ("taken_at_offset" ~ '^(Z|[+-][0-9]{2}:[0-9]{2})$')`);
    await queryRunner.query(`
      UPDATE "photos" SET
        "original_key" = "image_key",
        "original_content_type" = "content_type",
        "original_size_bytes" = "size_bytes",
        "original_width" = "width",
        "original_height" = "height"`);
    for (const column of [
      'original_key',
      'original_content_type',
      'original_size_bytes',
      'original_width',
      'original_height',
    ]) {
      await queryRunner.query(`ALTER TABLE "photos" ALTER COLUMN "${column}" SET NOT NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "photos"
        DROP COLUMN "original_key",
        DROP COLUMN "original_content_type",
        DROP COLUMN "original_size_bytes",
        DROP COLUMN "original_width",
        DROP COLUMN "original_height",
        DROP COLUMN "original_file_name",
        DROP COLUMN "taken_at",
        DROP COLUMN "taken_at_offset"`);
    await queryRunner.query(`ALTER TABLE "photos" RENAME COLUMN "image_key" TO "original_key"`);
  }
}
