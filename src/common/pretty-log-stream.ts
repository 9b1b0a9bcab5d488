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
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number; aborted?: boolean };
  responseTime?: number;
  err?: { stack?: string; message?: string };
}

function clock(time: number | undefined): string {
  return new Date(time ?? Date.now()).toTimeString().slice(0, 8);
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters (a line feed above all) written as escapes, so that no text a client chose
 * (a URL, a value in a message) can start a line of its own in the log.
 */
function oneLine(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `12:03:04 INFO  [Context] message`, or `GET /path 200 12ms` for a request (`aborted` instead of
 * a status when the client left first); a line logged for a request ends with its id, as sent in
 * the response's X-Request-Id.
 */
export function formatLogLine(record: LogRecord): string {
  const level = LEVELS[record.level ?? 30] ?? 'INFO ';
  const context = record.context ? `[${oneLine(record.context)}] ` : '';
  const outcome = record.res?.aborted ? 'aborted' : record.res?.statusCode;
  const request =
    record.req && record.res
      ? `${record.req.method} ${record.req.url} ${outcome} ${record.responseTime ?? '?'}ms`
      : undefined;
  const text = oneLine(request ?? record.msg ?? '');
  const id = record.req?.id ? ` (request ${oneLine(record.req.id)})` : '';
  const error = record.err?.stack ? `\n${record.err.stack.replace(/^/gm, '    ')}` : '';
  return `${clock(record.time)} ${level} ${context}${text}${id}${error}\n`;
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
