import { MigrationInterface, QueryRunner } from 'typeorm';

/** The express-session store table (connect-pg-simple's schema), so any instance serves any request. */
export class CreateUserSessions1764130000000 implements MigrationInterface {
  name = 'CreateUserSessions1764130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "user_sessions" (
        "sid" varchar NOT NULL COLLATE "default" PRIMARY KEY,
        "sess" json NOT NULL,
        "expire" timestamp(6) NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_user_sessions_expire" ON "user_sessions" ("expire")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_sessions"`);
  }
}
