import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocation that reaches every instance (issue 8, findings 7 and 8):
 * - revoked_sign_ins: the origin_jti of each ended sign-in, until the last access token minted
 *   from it has expired; the API refuses writes with those tokens.
 * - pending_revocations: refresh tokens (still encrypted, as in the session) whose revoke at
 *   Cognito failed, retried until Cognito confirms or they could no longer be used anyway.
 */
export class CreateSignInRevocations1764141000000 implements MigrationInterface {
  name = 'CreateSignInRevocations1764141000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "revoked_sign_ins" (
        "origin_jti" text NOT NULL PRIMARY KEY,
        "revoked_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_revoked_sign_ins_expires_at" ON "revoked_sign_ins" ("expires_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "pending_revocations" (
        "id" bigserial PRIMARY KEY,
        "refresh_token" text NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pending_revocations_next_attempt_at" ON "pending_revocations" ("next_attempt_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pending_revocations"`);
    await queryRunner.query(`DROP TABLE "revoked_sign_ins"`);
  }
}
