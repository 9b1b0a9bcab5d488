import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withoutRequestTimeouts } from './data-source-options';

/** Any fixed number works; it only has to be the same for every instance of this app. */
const MIGRATION_LOCK_ID = 7_210_431;

/**
 * Runs pending migrations at start. Several instances may start at once behind a load balancer,
 * so they take a PostgreSQL advisory lock in turn instead of racing on the migrations table.
 * Waiting for that lock, and a migration itself, may take longer than any request should: they
 * run on a connection of their own, without the pool's statement and query timeouts.
 */
@Injectable()
export class MigrationRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  async run(): Promise<void> {
    const migrations = new DataSource(withoutRequestTimeouts(this.dataSource.options));
    await migrations.initialize();
    const lock = migrations.createQueryRunner();
    try {
      await lock.connect();
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      const applied = await migrations.runMigrations({ transaction: 'each' });
      if (applied.length > 0)
        this.logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
      await lock.release();
      await migrations.destroy();
    }
  }
}
