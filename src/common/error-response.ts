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
  if (status >= 500) logger.error(cause instanceof Error ? cause.stack : String(cause));
  if (isApiRequest(req)) {
    res.status(status).json({ statusCode: status, error: HttpStatus[status] ?? 'Error', message });
    return;
  }
  // The layout's header reads `currentUser` from res.locals (set by the auth module per request).
  res.status(status).render('pages/error', {
    title: answer.title ?? 'Error',
    status,
    message,
    retryHref: answer.retryHref,
  });
}
