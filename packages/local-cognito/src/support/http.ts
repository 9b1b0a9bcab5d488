import type { Request, Response } from 'express';
import { JSON_CONTENT_TYPE } from '../local-cognito.constants';

/**
 * Sends JSON with Cognito's exact content type. Written as bytes so Express does not rewrite the
 * header to its own `application/json; charset=utf-8` spelling.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.status(status).setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', payload.length);
  res.end(payload);
}

/** Tokens and credentials must never be cached (RFC 6749 §5.1). */
export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

export function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function cookieOf(req: Request, name: string): string | undefined {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const value = cookies?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body Express parsed from a urlencoded form; undefined for any other content type. */
export function formBodyOf(req: Request): Record<string, unknown> | undefined {
  const body = req.body as unknown;
  return req.is('application/x-www-form-urlencoded') && typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)
    : undefined;
}
