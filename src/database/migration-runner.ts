import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, QueryRunner } from 'typeorm';

/** Any fixed number works; it only has to be the same for every instance of this app. */
const MIGRATION_LOCK_ID = 7_210_431;
const LOCK_POLL_MS = 250;

/**
 * Runs pending migrations at start. Several instances may start at once behind a load balancer,
 * so they take a PostgreSQL advisory lock in turn instead of racing on the migrations table.
 */
@Injectable()
export class MigrationRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  async run(): Promise<void> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await this.lock(lock);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0)
        this.logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
      await lock.release();
    }
  }

  /**
   * Waits for the lock by polling: a blocking pg_advisory_lock would hit the statement and query
   * timeouts every statement has (see data-source-options.ts) while another instance migrates.
   */
  private async lock(runner: QueryRunner): Promise<void> {
    for (;;) {
      const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        MIGRATION_LOCK_ID,
      ])) as { locked: boolean }[];
      if (row?.locked) return;
      await sleep(LOCK_POLL_MS);
    }
  }
}
