import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MigrationRunner } from '../../src/database/migration-runner';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase } from '../support/database';

/** Stands for a real long migration (an index built on a big table). */
class SlowMigration1900000000000 implements MigrationInterface {
  name = 'SlowMigration1900000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT pg_sleep(6)');
  }

  async down(): Promise<void> {}
}

describe('Migrations and the per-request timeouts', () => {
  it('runs a migration longer than any request may take, while requests stay bounded', async () => {
    const database = await createTestDatabase();
    const dataSource = new DataSource({
      ...dataSourceOptions(database.url),
      migrations: [...MIGRATIONS, SlowMigration1900000000000],
    });
    await dataSource.initialize();
    try {
      await new MigrationRunner(dataSource).run();
      const applied: { name: string }[] = await dataSource.query('SELECT name FROM migrations');
      expect(applied.map((row) => row.name)).toContain('SlowMigration1900000000000');
      // The app's own pool keeps its statement timeout.
      await expect(dataSource.query('SELECT pg_sleep(6)')).rejects.toThrow(/statement timeout/);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  }, 60_000);
});
