import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { requestIdOf } from './request-id';

/**
 * Routes whose query carries one-time secrets (code, state), as Express matches them: the case
 * of the path and a trailing slash do not matter, so neither may they here.
 */
const SECRET_QUERY_ROUTES = new Set(['/callback']);
/** A URL is logged up to this many characters: a long query is the client's text, not ours. */
export const MAX_LOGGED_URL_LENGTH = 512;

/** What every log line of a request says of it: its id, method and URL. Never a header. */
export interface RequestFields {
  id: string;
  method: string | undefined;
  url: string | undefined;
}

/** The path as routing sees it: without the trailing slashes, in lower case, percent-decoded. */
function routeOf(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: routing takes it as it is.
  }
  return decoded.toLowerCase().replace(/\/+$/, '') || '/';
}

export function loggableUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (queryAt !== -1 && SECRET_QUERY_ROUTES.has(routeOf(path)))
    return `${path.slice(0, MAX_LOGGED_URL_LENGTH)}?[redacted]`;
  return url.length > MAX_LOGGED_URL_LENGTH ? `${url.slice(0, MAX_LOGGED_URL_LENGTH)}…` : url;
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
 * `request aborted` when the connection closed before the response was complete: then with no
 * status (the one set may never have reached the client) but `aborted: true`. The request and
 * response are read, never added to (no properties, one listener).
 */
export function logWhenDone(logger: Logger, req: RequestFields, res: ServerResponse): void {
  const started = Date.now();
  res.once('close', () => {
    const responseTime = Date.now() - started;
    if (!res.writableFinished) {
      logger.info({ req, res: { aborted: true }, responseTime }, 'request aborted');
      return;
    }
    const fields = { req, res: { statusCode: res.statusCode }, responseTime };
    if (res.statusCode >= 500) logger.info(fields, 'request errored');
    else logger.info(fields, 'request completed');
  });
}
