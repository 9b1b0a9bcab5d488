import { decodeCursor, encodeCursor } from './photo-cursor';
import { InvalidCursorError } from './photo-errors';

const sample = {
  sort: 'taken' as const,
  at: new Date('2025-11-26T10:20:30.456Z'),
  id: '0190f3a2-7b1c-7d2e-8f30-123456789abc',
};
const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('photo cursor codec', () => {
  it('round-trips the timestamp to the millisecond and the id', () => {
    const decoded = decodeCursor(encodeCursor(sample), 'taken');
    expect(decoded.at.getTime()).toBe(sample.at.getTime());
    expect(decoded.id).toBe(sample.id);
  });

  it('refuses a cursor of the other order: it would skip or repeat photos', () => {
    const uploaded = encodeCursor({ ...sample, sort: 'uploaded' });
    expect(decodeCursor(uploaded, 'uploaded').at.getTime()).toBe(sample.at.getTime());
    expect(() => decodeCursor(uploaded, 'taken')).toThrow(InvalidCursorError);
    expect(() => decodeCursor(encodeCursor(sample), 'uploaded')).toThrow(InvalidCursorError);
  });

  it.each(['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'])(
    'accepts %s, the ends of the range PostgreSQL takes',
    (timestamp) => {
      expect(decodeCursor(b64(`t|${timestamp}|${sample.id}`), 'taken').at.toISOString()).toBe(
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
    ['one part', b64('t|2025-11-26T10:20:30.456Z')],
    ['four parts', b64(`t|2025-11-26T10:20:30.456Z|${sample.id}|x`)],
    ['the format before orders (no tag)', b64(`2025-11-26T10:20:30.456Z|${sample.id}`)],
    ['an unknown order', b64(`x|2025-11-26T10:20:30.456Z|${sample.id}`)],
    ['a date without milliseconds', b64(`t|2025-11-26T10:20:30Z|${sample.id}`)],
    ['a local time', b64(`t|2025-11-26T10:20:30.456+01:00|${sample.id}`)],
    ['a date that does not exist', b64(`t|2025-02-30T10:20:30.456Z|${sample.id}`)],
    ['an id that is not a UUID', b64("t|2025-11-26T10:20:30.456Z|1' OR '1'='1")],
    ['something huge', 'A'.repeat(10_000)],
    ['year 0 (PostgreSQL has none)', b64(`t|0000-01-01T00:00:00.000Z|${sample.id}`)],
    ['the last moment of year 0', b64(`t|0000-12-31T23:59:59.999Z|${sample.id}`)],
    ['year 10000', b64(`t|+010000-01-01T00:00:00.000Z|${sample.id}`)],
    ['a negative year', b64(`t|-000001-01-01T00:00:00.000Z|${sample.id}`)],
    ['an id without dashes', b64(`t|2025-11-26T10:20:30.456Z|${sample.id.replaceAll('-', '')}`)],
    ['an id in braces', b64(`t|2025-11-26T10:20:30.456Z|{${sample.id}}`)],
    ['an id with a trailing NUL', b64(`t|2025-11-26T10:20:30.456Z|${sample.id}\0`)],
  ])('refuses %s', (_label, encoded) => {
    expect(() => decodeCursor(encoded, 'taken')).toThrow(InvalidCursorError);
  });
});
