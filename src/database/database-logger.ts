import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** Enough of a statement to find it in the code; its values are never logged. */
const STATEMENT_CHARS = 120;

function statement(query: string): string {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  return oneLine.length > STATEMENT_CHARS ? `${oneLine.slice(0, STATEMENT_CHARS)}…` : oneLine;
}

/**
 * TypeORM's failures and warnings through Nest's logger, so they reach the app's log (pino: one
 * JSON line in production, tied to the request) rather than TypeORM's console logger, which
 * printed each failed statement with its parameters, people's descriptions and file names among
 * them, to stdout outside the log format. Successful queries are not logged.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQuery(): void {
    // Every statement passes here; logging them would cost each request and say nothing.
  }

  logQueryError(error: string | Error, query: string): void {
    const reason = typeof error === 'string' ? error : error.message;
    this.logger.error(`Query failed: ${reason} (${statement(query)})`);
  }

  logQuerySlow(timeMs: number, query: string): void {
    this.logger.warn(`Slow query, ${timeMs} ms (${statement(query)})`);
  }

  // TypeORM's step-by-step notes (migrations found, each one run) are debug lines: MigrationRunner
  // logs the one line a person starting the app needs ("Applied migrations: …").
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.debug(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
