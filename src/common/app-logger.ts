import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { AsyncLocalStorage } from 'node:async_hooks';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** The request being handled, and its logger once a line was written for it. */
interface RequestScope {
  req: object;
  logger?: Logger;
}

/** Nest's exception handlers call `error(message, stack)`: a string whose lines start with "at". */
const STACK = /\n\s*at /;

/**
 * Nest's start-up chatter: a line per module loaded and per route mapped (about 50 at
 * `npm start`), written at info. Debug here: worth seeing when routing is in question, noise
 * before the banner otherwise.
 */
const START_UP_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's logger, written through pino. Inside a request (`within`) every line carries the request's
 * `req` fields (its id, method and URL: request-log.ts), so every line logged while handling a
 * request names it; outside one, lines go through the root logger as they are.
 *
 * Nest calls each method as `(message, ...params, context)`: the context (a `new Logger(name)`'s
 * name) is always last; an Error or a plain object as message becomes the line's fields.
 */
export class AppLogger implements LoggerService {
  private readonly scope = new AsyncLocalStorage<RequestScope>();

  constructor(readonly root: Logger) {}

  /**
   * Runs `next` (the rest of a request) so that every line it logs carries `req` (the request's
   * id, method and URL). The child logger that binds it is made on the first such line only.
   */
  within(req: object, next: () => void): void {
    this.scope.run({ req }, next);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    const context = params.at(-1);
    this.write(
      typeof context === 'string' && START_UP_CHATTER.has(context) ? 'debug' : 'info',
      message,
      params,
    );
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const scope = this.scope.getStore();
    const logger = scope ? (scope.logger ??= this.root.child({ req: scope.req })) : this.root;
    if (!logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = params.length > 0 ? params.slice(0, -1) : [];
    if (params.length > 0 && params[params.length - 1] !== undefined) {
      fields.context = params[params.length - 1];
    }
    if (message instanceof Error) {
      logger[level]({ ...fields, err: message }, ...(rest as []));
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...message }, ...(rest as []));
    } else if (
      level === 'error' &&
      typeof message === 'string' &&
      rest.length === 1 &&
      typeof rest[0] === 'string' &&
      STACK.test(rest[0])
    ) {
      const err = Object.assign(new Error(message), { stack: rest[0] });
      logger.error({ ...fields, err });
    } else {
      logger[level](fields, String(message), ...(rest as []));
    }
  }
}
