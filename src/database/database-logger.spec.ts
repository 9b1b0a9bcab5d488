import { Logger, type LoggerService } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { DatabaseLogger } from './database-logger';

describe('DatabaseLogger', () => {
  const lines: { level: string; message: string }[] = [];
  const capture = (level: string) => (message: unknown) =>
    lines.push({ level, message: String(message) });
  const sink: LoggerService = {
    log: capture('log'),
    error: capture('error'),
    warn: capture('warn'),
    debug: capture('debug'),
  };

  beforeEach(() => {
    lines.length = 0;
    Logger.overrideLogger(sink);
  });
  afterAll(() => {
    Logger.overrideLogger(new Logger());
  });

  it("logs a failed statement's reason and its text, never its parameters", () => {
    const sql = `INSERT INTO "photos"("id", "description")\n  VALUES ($1, $2)`;
    // As TypeORM calls it: through its Logger interface, with the statement's parameters.
    const typeorm: TypeOrmLogger = new DatabaseLogger();
    typeorm.logQueryError(
      new Error('duplicate key value violates unique constraint "PK_photos"'),
      sql,
      ['0199', 'my private holiday description'],
    );
    expect(lines).toEqual([
      {
        level: 'error',
        message:
          'Query failed: duplicate key value violates unique constraint "PK_photos" ' +
          '(INSERT INTO "photos"("id", "description") VALUES ($1, $2))',
      },
    ]);
  });

  it('says nothing of the statements that succeed, and keeps migration steps for debugging', () => {
    const typeorm: TypeOrmLogger = new DatabaseLogger();
    typeorm.logQuery('SELECT 1', []);
    typeorm.logMigration('Migration CreatePhotos1764130100000 has been executed successfully.');
    typeorm.log('info', '6 migrations were found in the source code.');
    typeorm.log('warn', 'Migration table is missing');
    expect(lines.map((line) => line.level)).toEqual(['debug', 'debug', 'warn']);
  });
});
