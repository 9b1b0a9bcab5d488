import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Any fixed number works; it only has to be the same for every instance of this app. */
const MIGRATION_LOCK_ID = 7_210_431;

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
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0)
        this.logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
      await lock.release();
    }
  }
}
