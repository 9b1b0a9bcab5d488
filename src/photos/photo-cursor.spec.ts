import { decodeCursor, encodeCursor } from './photo-cursor';
import { InvalidCursorError } from './photo-errors';

const sample = {
  createdAt: new Date('2025-11-26T10:20:30.456Z'),
  id: '0190f3a2-7b1c-7d2e-8f30-123456789abc',
};
const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('photo cursor codec', () => {
  it('round-trips the timestamp to the millisecond and the id', () => {
    const decoded = decodeCursor(encodeCursor(sample));
    expect(decoded.createdAt.getTime()).toBe(sample.createdAt.getTime());
    expect(decoded.id).toBe(sample.id);
  });

  it.each(['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'])(
    'accepts %s, the ends of the range PostgreSQL takes',
    (timestamp) => {
      expect(decodeCursor(b64(`${timestamp}|${sample.id}`)).createdAt.toISOString()).toBe(
        timestamp,
      );
    },
  );

  it('is opaque: URL-safe characters only, no padding', () => {
    expect(encodeCursor(sample)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['one part', b64('2025-11-26T10:20:30.456Z')],
    ['three parts', b64(`2025-11-26T10:20:30.456Z|${sample.id}|x`)],
    ['a date without milliseconds', b64(`2025-11-26T10:20:30Z|${sample.id}`)],
    ['a local time', b64(`2025-11-26T10:20:30.456+01:00|${sample.id}`)],
    ['a date that does not exist', b64(`2025-02-30T10:20:30.456Z|${sample.id}`)],
    ['an id that is not a UUID', b64("2025-11-26T10:20:30.456Z|1' OR '1'='1")],
    ['something huge', 'A'.repeat(10_000)],
    ['year 0 (PostgreSQL has none)', b64(`0000-01-01T00:00:00.000Z|${sample.id}`)],
    ['the last moment of year 0', b64(`0000-12-31T23:59:59.999Z|${sample.id}`)],
    ['year 10000', b64(`+010000-01-01T00:00:00.000Z|${sample.id}`)],
    ['a negative year', b64(`-000001-01-01T00:00:00.000Z|${sample.id}`)],
    ['an id without dashes', b64(`2025-11-26T10:20:30.456Z|${sample.id.replaceAll('-', '')}`)],
    ['an id in braces', b64(`2025-11-26T10:20:30.456Z|{${sample.id}}`)],
    ['an id with a trailing NUL', b64(`2025-11-26T10:20:30.456Z|${sample.id}\0`)],
  ])('refuses %s', (_label, encoded) => {
    expect(() => decodeCursor(encoded)).toThrow(InvalidCursorError);
  });
});
