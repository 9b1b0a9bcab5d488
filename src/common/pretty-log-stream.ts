import type { DestinationStream } from 'pino';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

interface LogRecord {
  level?: number;
  time?: number;
  context?: string;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { stack?: string; message?: string };
}

function clock(time: number | undefined): string {
  return new Date(time ?? Date.now()).toTimeString().slice(0, 8);
}

/** `12:03:04 INFO  [Context] message`, or `GET /path 200 12ms` for a request. */
export function formatLogLine(record: LogRecord): string {
  const level = LEVELS[record.level ?? 30] ?? 'INFO ';
  const context = record.context ? `[${record.context}] ` : '';
  const request =
    record.req && record.res
      ? `${record.req.method} ${record.req.url} ${record.res.statusCode} ${record.responseTime ?? '?'}ms`
      : undefined;
  const text = request ?? record.msg ?? '';
  const error = record.err?.stack ? `\n${record.err.stack.replace(/^/gm, '    ')}` : '';
  return `${clock(record.time)} ${level} ${context}${text}${error}\n`;
}

/**
 * For development: one readable line per log event instead of JSON (production keeps JSON, for
 * log collectors). Written synchronously, so the start-up banner printed after the logs stays last.
 */
export function prettyLogStream(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return {
    write(line: string): void {
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        out.write(line);
        return;
      }
      out.write(formatLogLine(record));
    },
  };
}
