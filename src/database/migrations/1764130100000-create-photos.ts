import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Photo records. created_at is timestamptz(3): JavaScript dates hold milliseconds, so keyset
 * cursors carry the stored value exactly. The listing index matches the listing's ORDER BY, so
 * `(created_at, id) < (cursor)` is an index range scan on any page.
 */
export class CreatePhotos1764130100000 implements MigrationInterface {
  name = 'CreatePhotos1764130100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "photos" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        "owner_sub" text NOT NULL,
        "owner_username" text NOT NULL,
        "description" text NOT NULL DEFAULT '' CONSTRAINT "CHK_photos_description_length" CHECK (char_length("description") <= 2000),
        "content_type" text NOT NULL,
        "width" integer NOT NULL CHECK ("width" > 0),
        "height" integer NOT NULL CHECK ("height" > 0),
        "size_bytes" integer NOT NULL CHECK ("size_bytes" >= 0),
        "original_key" text NOT NULL,
        "thumbnail_key" text NOT NULL,
        "thumbnail_content_type" text NOT NULL,
        "thumbnail_width" integer NOT NULL CHECK ("thumbnail_width" > 0),
        "thumbnail_height" integer NOT NULL CHECK ("thumbnail_height" > 0),
        "thumbnail_size_bytes" integer NOT NULL CHECK ("thumbnail_size_bytes" >= 0),
        "created_at" timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_photos_owner_created_id" ON "photos" ("owner_sub", "created_at" DESC, "id" DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "photos"`);
  }
}
