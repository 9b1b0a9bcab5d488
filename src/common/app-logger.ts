import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { AsyncLocalStorage } from 'node:async_hooks';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Nest's exception handlers call `error(message, stack)`: a string whose lines start with "at". */
const STACK = /\n\s*at /;

/**
 * Nest's logger, written through pino. Inside a request it writes through that request's logger
 * (pino-http's `req.log`, bound to the request id), so every line logged while handling a request
 * names it; outside one, through the root logger.
 *
 * Nest calls each method as `(message, ...params, context)`: the context (a `new Logger(name)`'s
 * name) is always last; an Error or a plain object as message becomes the line's fields.
 */
export class AppLogger implements LoggerService {
  private readonly scope = new AsyncLocalStorage<Logger>();

  constructor(readonly root: Logger) {}

  /** Runs `next` (the rest of a request) with `logger` as the one every line goes through. */
  within(logger: Logger, next: () => void): void {
    this.scope.run(logger, next);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
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
    const logger = this.scope.getStore() ?? this.root;
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
