import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a load balancer or proxy may hand us; anything else (too long, odd characters) is replaced. */
const WELL_FORMED = /^[A-Za-z0-9._-]{1,128}$/;

type WithId = IncomingMessage & { id?: unknown };

/** The request's id: a well-formed incoming X-Request-Id, or a new UUID. Set once, reused by logs. */
export function requestIdOf(req: WithId, res?: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res?.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Mounted first: every response, static files and errors included, carries X-Request-Id. */
export const requestId: RequestHandler = (req, res, next) => {
  requestIdOf(req as WithId, res);
  next();
};
