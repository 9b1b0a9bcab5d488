import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../src/database/migrations';

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url)
    throw new Error('TEST_ADMIN_DATABASE_URL is unset: run suites through jest (global setup)');
  return url;
}

function urlOf(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Made once per run by the global setup: a database with every migration applied, which each
 * suite's database is cloned from (CREATE DATABASE … TEMPLATE), instead of every suite's app
 * running the migrations again. The app still runs MigrationRunner at start; it finds nothing to do.
 */
export async function createMigratedTemplate(): Promise<string> {
  const name = `photos_template_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE "${name}"`);
  const dataSource = new DataSource({ ...dataSourceOptions(urlOf(name)), migrations: MIGRATIONS });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return name;
}

export async function dropTemplate(name: string): Promise<void> {
  await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/**
 * A database for one suite on the run's PostgreSQL: a clone of the migrated template (when the
 * global setup made one), or empty with `{ migrated: false }`.
 */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `photos_test_${randomBytes(6).toString('hex')}`;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  await asAdmin(
    options.migrated !== false && template
      ? `CREATE DATABASE "${name}" TEMPLATE "${template}"`
      : `CREATE DATABASE "${name}"`,
  );
  return {
    url: urlOf(name),
    drop: () => asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
