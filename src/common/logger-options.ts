import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { prettyLogStream } from './pretty-log-stream';
import { requestIdOf } from './request-id';

/** The query of these paths carries one-time secrets (code, state) and is never logged. */
const SECRET_QUERY_PATHS = ['/callback'];

function loggableUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const [path] = url.split('?');
  return SECRET_QUERY_PATHS.includes(path) ? `${path}?[redacted]` : url;
}

/** Structured request logs (pino) with cookies, tokens and sign-in codes kept out. */
export function requestLoggerOptions(
  config: AppConfig,
  destination?: DestinationStream,
): [Options, DestinationStream?] {
  const options: Options = {
    level: config.logLevel,
    // The id the request-id middleware set (or a load balancer's), so a log line names its response.
    // It is `req.id` on every line of the request: one child logger per request carries it (a
    // `customProps` copy of it cost a second child and a re-check on each line, docs/PERFORMANCE.md).
    genReqId: (req, res) => requestIdOf(req, res),
    // The serializers below get the request and response themselves, not pino-std-serializers'
    // copies of them (all headers copied, on every request, only for the three fields kept here).
    wrapSerializers: false,
    // Only these fields are logged: no header, so no cookie, token or redirect (with a code in it)
    // ever reaches a log line. (No redact paths either: with no headers they would never match,
    // yet cost a pass over every line.)
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
  };
  // JSON for log collectors in production; one readable line per event in development.
  const target = destination ?? (config.production ? undefined : prettyLogStream());
  return target ? [options, target] : [options];
}
