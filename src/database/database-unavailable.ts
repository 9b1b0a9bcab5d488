import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendErrorResponse } from '../common/error-response';

/** How long clients are asked to wait before trying again (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that mean "the database cannot serve you now", not "your statement is wrong":
 * class 08 (connection exception), 53300 too_many_connections, 57014 query_canceled (our
 * statement_timeout), 57P01-57P05 (admin/crash shutdown, cannot connect now, idle timeouts).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57014|57P0[1-5])$/;

/** Socket errors on the way to the database server. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What pg (node-postgres) and pg-pool throw, without a code, when the server is gone or silent:
 * pool acquire timeout, handshake timeout, query_timeout, a connection cut mid-query, a client
 * already broken by one of those.
 */
const UNAVAILABLE_MESSAGE =
  /^(timeout exceeded when trying to connect|Connection terminated( unexpectedly| due to connection timeout)?|Query read timeout|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end on the pool)$/;

/** The error itself, then what it wraps: TypeORM's QueryFailedError keeps pg's in `driverError`. */
function* causes(error: unknown): Generator<object> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current;
    const wrapper = current as { driverError?: unknown; cause?: unknown };
    current = wrapper.driverError ?? wrapper.cause;
  }
}

/** Whether `error` says the database is down, stalled or overloaded (retrying later may work). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const cause of causes(error)) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))
    )
      return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  }
  return false;
}

/** Safe to show: says nothing of the driver or the database. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The service is temporarily unavailable. Please try again in a moment.';

/** The same page again (GET) or the site's home; always a path on this site. */
function retryHref(req: Request): string {
  const path = req.method === 'GET' ? req.originalUrl : '/';
  return `/${path.replace(/^[/\\]+/, '')}`;
}

/**
 * The database's own HTTP answer: 503 with Retry-After, JSON under /api, otherwise a page with a
 * "Try again" link. The app-wide filter calls it for any error `isDatabaseUnavailable` accepts.
 */
export function sendDatabaseUnavailable(req: Request, res: Response, cause: unknown): void {
  res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  sendErrorResponse(
    req,
    res,
    {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: DATABASE_UNAVAILABLE_MESSAGE,
      title: 'Temporarily unavailable',
      retryHref: retryHref(req),
    },
    cause,
  );
}
