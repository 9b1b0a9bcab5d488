import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * TypeORM's own pg Pool (its PostgreSQL driver keeps it as `master`), so other PostgreSQL users
 * (the session store) share its connections, timeouts and error listener instead of opening a
 * second pool.
 */
export function sharedPool(dataSource: DataSource): Pool {
  const driver = dataSource.driver;
  const pool = driver instanceof PostgresDriver ? (driver.master as Pool | undefined) : undefined;
  if (!pool) throw new Error('The data source has no PostgreSQL pool (not initialised?)');
  return pool;
}
