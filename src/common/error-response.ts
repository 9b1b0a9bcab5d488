import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

/** What a person or API client is told about a failed request. */
export interface ErrorAnswer {
  status: number;
  /** Safe to show: never internal details. */
  message: string;
  /** Page title (pages only); "Error" unless a module says better. */
  title?: string;
  /** A "Try again" link (pages only). */
  retryHref?: string;
}

const logger = new Logger('Errors');

/** What an error page is called when no module names it better. */
const PAGE_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in needed',
  403: 'Not allowed',
  404: 'Page not found',
  405: 'Not allowed here',
  413: 'Too large',
  415: 'Unsupported file',
  429: 'Too many requests',
};

function pageTitle(status: number): string {
  return PAGE_TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'Error');
}

/** Retry-After for a 429 whose limiter named no wait: the windows of every limit are a minute. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** The connection closed before the response was complete: the client aborted. */
export function clientLeft(req: Request, res: Response): boolean {
  return !res.writableFinished && (res.destroyed || req.socket.destroyed);
}

/** A person who followed a wrong link is told so; the path they typed is not echoed back. */
export const NO_SUCH_PAGE_MESSAGE = 'There is no page at this address.';

export const isApiRequest = (req: Request): boolean =>
  req.path === '/api' || req.path.startsWith('/api/');

/** Text a page may show for an exception: its own message for 4xx, nothing internal for 5xx. */
export function publicMessage(exception: unknown, status: number): string {
  if (status >= 500 || !(exception instanceof HttpException))
    return 'Something went wrong on our side. Please try again.';
  const body = exception.getResponse();
  const message = typeof body === 'object' && body && 'message' in body ? body.message : body;
  return Array.isArray(message) ? message.join(' ') : String(message);
}

/**
 * The one way an error reaches the client: JSON for the API, the error page for everything
 * else. Server-side failures (5xx) are logged with their stack; what the client sees is `answer`.
 */
export function sendErrorResponse(
  req: Request,
  res: Response,
  answer: ErrorAnswer,
  cause: unknown,
): void {
  const { status, message } = answer;
  // The client left (an upload or download it abandoned): nobody reads an answer, and the request
  // line already says `aborted`. Not our failure, so no error and no stack: any client can cause it.
  if (clientLeft(req, res)) return;
  // A 5xx the app chose to answer (busy, full: an HttpException) is a warning without a stack,
  // which any client can cause; a failure nobody answered on purpose is an error, with its stack.
  if (status >= 500 && cause instanceof HttpException) logger.warn(`${status}: ${cause.message}`);
  else if (status >= 500) logger.error(cause instanceof Error ? cause.stack : String(cause));
  // Every limiter says when to come back (RFC 9110 §10.2.3); one that set none gets the minute.
  if (status === 429 && !res.hasHeader('Retry-After'))
    res.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
  if (isApiRequest(req)) {
    res.status(status).json({ statusCode: status, error: HttpStatus[status] ?? 'Error', message });
    return;
  }
  // The layout's header reads `currentUser` from res.locals (set by the auth module per request).
  res.status(status).render('pages/error', {
    title: answer.title ?? pageTitle(status),
    status,
    message,
    retryHref: answer.retryHref,
  });
}
