import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A refresh token waiting to be revoked at Cognito, as stored (encrypted). */
export interface PendingRevocation {
  id: string;
  refreshToken: string;
  attempts: number;
  createdAt: Date;
}

/** The two revocation tables (see the CreateSignInRevocations migration), shared by every instance. */
@Injectable()
export class RevocationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async denyOrigin(originJti: string, until: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "revoked_sign_ins" ("origin_jti", "expires_at") VALUES ($1, $2)
       ON CONFLICT ("origin_jti") DO UPDATE SET "expires_at" = GREATEST("revoked_sign_ins"."expires_at", EXCLUDED."expires_at")`,
      [originJti, until],
    );
  }

  async isOriginDenied(originJti: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM "revoked_sign_ins" WHERE "origin_jti" = $1 AND "expires_at" > now()`,
      [originJti],
    );
    return rows.length > 0;
  }

  async queue(refreshTokenCiphertext: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO "pending_revocations" ("refresh_token") VALUES ($1)`, [
      refreshTokenCiphertext,
    ]);
  }

  /**
   * Takes up to `limit` revocations that are due and pushes their next attempt back (from
   * `retryInMs`, doubling), in one statement, so two instances never retry the same one at once.
   */
  async claimDue(limit: number, retryInMs: number): Promise<PendingRevocation[]> {
    const rows: { id: string; refresh_token: string; attempts: number; created_at: Date }[] =
      await this.dataSource.query(
        // A CTE, so the driver answers the rows (TypeORM wraps a bare UPDATE's in [rows, count]).
        `WITH "claimed" AS (
           UPDATE "pending_revocations" SET
             "attempts" = "attempts" + 1,
             -- Backs off: the retry interval doubled per attempt, at most an hour.
             "next_attempt_at" = now() + make_interval(
               secs => LEAST($2::double precision / 1000 * power(2, "attempts"), 3600))
           WHERE "id" IN (
             SELECT "id" FROM "pending_revocations" WHERE "next_attempt_at" <= now()
             ORDER BY "next_attempt_at" LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING "id", "refresh_token", "attempts", "created_at")
         SELECT * FROM "claimed"`,
        [limit, retryInMs],
      );
    return rows.map((row) => ({
      id: row.id,
      refreshToken: row.refresh_token,
      attempts: row.attempts,
      createdAt: row.created_at,
    }));
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "pending_revocations" WHERE "id" = $1`, [id]);
  }

  async countPending(): Promise<number> {
    const rows: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) FROM "pending_revocations"`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Rows nobody needs any more: denials past the last token's expiry. */
  async pruneExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM "revoked_sign_ins" WHERE "expires_at" <= now()`);
  }
}
