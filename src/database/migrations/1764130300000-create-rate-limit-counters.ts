import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per throttling key (client or user, route, limit): the hits in the current window and
 * any block. UNLOGGED: counters need no WAL or replica copy, and losing them in a crash is harmless.
 */
export class CreateRateLimitCounters1764130300000 implements MigrationInterface {
  name = 'CreateRateLimitCounters1764130300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE "rate_limit_counters" (
        "key" text NOT NULL PRIMARY KEY,
        "hits" integer NOT NULL,
        "window_ends_at" timestamptz NOT NULL,
        "blocked_until" timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_rate_limit_counters_window_ends_at" ON "rate_limit_counters" ("window_ends_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
