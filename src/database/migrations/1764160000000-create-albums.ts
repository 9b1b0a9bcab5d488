import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Albums (issue 18): an owner's named sets of their own photos. A photo may be in many albums;
 * deleting an album or a photo removes its memberships in the same statement (ON DELETE CASCADE),
 * so nothing can show a photo through an album it has left.
 */
export class CreateAlbums1764160000000 implements MigrationInterface {
  name = 'CreateAlbums1764160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "albums" (
        "id" uuid PRIMARY KEY,
        "owner_sub" text NOT NULL,
        "name" text NOT NULL CHECK (char_length("name") BETWEEN 1 AND 200),
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        "updated_at" timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_albums_owner_created" ON "albums" ("owner_sub", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE "album_photos" (
        "album_id" uuid NOT NULL REFERENCES "albums" ("id") ON DELETE CASCADE,
        "photo_id" uuid NOT NULL REFERENCES "photos" ("id") ON DELETE CASCADE,
        "added_at" timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY ("album_id", "photo_id")
      )`);
    // The cascade from photos looks memberships up by photo.
    await queryRunner.query(`CREATE INDEX "IDX_album_photos_photo" ON "album_photos" ("photo_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "album_photos"`);
    await queryRunner.query(`DROP TABLE "albums"`);
  }
}
