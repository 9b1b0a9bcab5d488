import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const pgError = (code: string, message = 'from PostgreSQL') =>
  Object.assign(new Error(message), { code });
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['handshake timeout', new Error('Connection terminated due to connection timeout')],
    ['query_timeout', new Error('Query read timeout')],
    ['connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['server refused the connection', socketError('ECONNREFUSED')],
    ['connection reset', socketError('ECONNRESET')],
    ['admin shutdown (pg_terminate_backend)', pgError('57P01')],
    ['cannot connect now (starting up)', pgError('57P03')],
    ['statement_timeout', pgError('57014')],
    ['too many connections', pgError('53300')],
    ['connection failure', pgError('08006')],
    [
      'wrapped by TypeORM',
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
    ],
  ])('says yes to %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['invalid datetime', pgError('22008')],
    ['bad uuid text', pgError('22P02')],
    ['syntax error', pgError('42601')],
    ['wrapped by TypeORM', new QueryFailedError('SELECT', [], pgError('22008'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only mentions a timeout', new Error('Query read timeout exceeded in parser')],
    ['not an error', 'Query read timeout?'],
    ['nothing', undefined],
  ])('says no to %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
