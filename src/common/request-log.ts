import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { requestIdOf } from './request-id';

/** The query of these paths carries one-time secrets (code, state) and is never logged. */
const SECRET_QUERY_PATHS = ['/callback'];

/** What every log line of a request says of it: its id, method and URL. Never a header. */
export interface RequestFields {
  id: string;
  method: string | undefined;
  url: string | undefined;
}

function loggableUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const [path] = url.split('?');
  return SECRET_QUERY_PATHS.includes(path) ? `${path}?[redacted]` : url;
}

/** The request's fields for its log lines (taking its id, made once by the request-id middleware). */
export function requestFields(
  req: IncomingMessage & { originalUrl?: string },
  res?: ServerResponse,
): RequestFields {
  return {
    id: requestIdOf(req, res),
    method: req.method,
    url: loggableUrl(req.originalUrl ?? req.url),
  };
}

/**
 * One line when the response is done: `request completed` (or `request errored` for a 5xx), or
 * `request aborted` when the connection closed before the response was complete. The request
 * and response are read, never added to (no properties, one listener).
 */
export function logWhenDone(logger: Logger, req: RequestFields, res: ServerResponse): void {
  const started = Date.now();
  res.once('close', () => {
    const fields = { req, res: { statusCode: res.statusCode }, responseTime: Date.now() - started };
    if (!res.writableFinished) logger.info(fields, 'request aborted');
    else if (res.statusCode >= 500) logger.info(fields, 'request errored');
    else logger.info(fields, 'request completed');
  });
}
