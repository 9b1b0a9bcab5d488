import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Share links (issue 18) to one photo or one album. Only the SHA-256 of a link's token is
 * searchable (`token_hash`); `token_sealed` holds the token encrypted with a key derived from
 * SESSION_SECRET so the owner can copy the link again, and a database dump alone gives no live
 * link. Deleting the photo or the album deletes its links in the same statement. Revoking deletes
 * the row, so a revoked link is exactly an unknown one.
 */
export class CreateShareLinks1764161000000 implements MigrationInterface {
  name = 'CreateShareLinks1764161000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "share_links" (
        "id" uuid PRIMARY KEY,
        "token_hash" bytea NOT NULL UNIQUE,
        "token_sealed" text NOT NULL,
        "owner_sub" text NOT NULL,
        "owner_name" text NOT NULL,
        "photo_id" uuid REFERENCES "photos" ("id") ON DELETE CASCADE,
        "album_id" uuid REFERENCES "albums" ("id") ON DELETE CASCADE,
        "expires_at" timestamptz(3),
        "allow_download" boolean NOT NULL DEFAULT false,
        "password_hash" text,
        "views" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (("photo_id" IS NULL) <> ("album_id" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_share_links_owner_created" ON "share_links" ("owner_sub", "created_at" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_share_links_photo" ON "share_links" ("photo_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_share_links_album" ON "share_links" ("album_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "share_links"`);
  }
}
