import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a photos row NOTIFYs its owner's sub on `photo_listing_changed`, delivered when
 * the writing transaction commits (never for one rolled back), whoever the writer is. Each
 * instance LISTENs and drops that owner's cached listing pages (photos/listing-cache).
 */
export class NotifyPhotoListingChanges1764150000000 implements MigrationInterface {
  name = 'NotifyPhotoListingChanges1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "notify_photo_listing_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM pg_notify('photo_listing_changed', OLD.owner_sub);
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.owner_sub <> OLD.owner_sub) THEN
          PERFORM pg_notify('photo_listing_changed', NEW.owner_sub);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "photos_notify_listing_changed"
        AFTER INSERT OR UPDATE OR DELETE ON "photos"
        FOR EACH ROW EXECUTE FUNCTION "notify_photo_listing_changed"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "photos_notify_listing_changed" ON "photos"`);
    await queryRunner.query(`DROP FUNCTION "notify_photo_listing_changed"()`);
  }
}
