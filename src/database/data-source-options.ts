import { Logger } from '@nestjs/common';
import { DataSourceOptions } from 'typeorm';
import { DatabaseLogger } from './database-logger';
import { MIGRATIONS } from './migrations';

/**
 * Bounds on every database call, so a stalled or unreachable PostgreSQL costs a request a few
 * seconds and a 503 (see database-unavailable.ts), never a hang.
 */
export const DATABASE_TIMEOUTS = {
  /** Waiting for a free pooled connection, or for a new one to finish its handshake. */
  acquireMs: 5_000,
  /** PostgreSQL cancels a statement running longer than this (a slow query on a live server). */
  statementMs: 4_000,
  /** The client gives up on an answer after this (a server that stopped answering at all). */
  queryMs: 5_000,
  /** A transaction left open by a crashed request would hold its locks; PostgreSQL ends it. */
  idleInTransactionMs: 10_000,
} as const;

/** The one pool: TypeORM and the session store share it (see SessionHandler). */
const POOL_SIZE = 10;

/**
 * 57P01 (admin_shutdown) is PostgreSQL stopping on purpose, e.g. the embedded server getting the
 * terminal's Ctrl-C together with the app: expected while stopping, so not worth a warning.
 */
function onIdleConnectionError(error: Error & { code?: string }): void {
  if (error.code === '57P01') return;
  new Logger('Database').warn(`Lost an idle connection: ${error.message}`);
}

/** TypeORM options shared by the app and the TypeORM CLI. Never `synchronize`: migrations only. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsRun: false, // run under an advisory lock by MigrationRunner instead
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn'],
    logger: new DatabaseLogger(),
    // An idle connection that dies (server restart, failover, pg_terminate_backend) is dropped by
    // the pool, and the next request opens a new one; without a listener the process would exit.
    poolErrorHandler: onIdleConnectionError,
    // Passed to pg's Pool and each Client as they are.
    extra: {
      max: POOL_SIZE,
      connectionTimeoutMillis: DATABASE_TIMEOUTS.acquireMs,
      statement_timeout: DATABASE_TIMEOUTS.statementMs,
      query_timeout: DATABASE_TIMEOUTS.queryMs,
      idle_in_transaction_session_timeout: DATABASE_TIMEOUTS.idleInTransactionMs,
      // Lets the kernel notice a peer that vanished (failover, network cut) on an idle connection.
      keepAlive: true,
    },
  };
}

/**
 * The same options without the per-request timeouts, on two connections: for work that may
 * rightly take long, such as migrations (an index on a big table) or seeding a benchmark.
 */
export function withoutRequestTimeouts(options: DataSourceOptions): DataSourceOptions {
  const extra = (options as { extra?: Record<string, unknown> }).extra;
  return {
    ...options,
    extra: { ...extra, max: 2, statement_timeout: 0, query_timeout: 0 },
  };
}
