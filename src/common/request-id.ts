import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What a load balancer or proxy may hand us; anything else (too long, odd characters) is replaced. */
const WELL_FORMED = /^[A-Za-z0-9._-]{1,128}$/;

type WithId = IncomingMessage & { id?: unknown };

/**
 * The request's id, set once and reused by every log line: an incoming X-Request-Id when it came
 * through a trusted proxy (`trustIncoming`) and is well formed, else a new UUID.
 */
export function requestIdOf(req: WithId, res?: ServerResponse, trustIncoming = false): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = trustIncoming ? req.headers['x-request-id'] : undefined;
  const id = typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res?.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/**
 * Mounted first: every response, static files and errors included, carries X-Request-Id. The
 * client's own X-Request-Id is taken only behind a proxy TRUST_PROXY trusts (which sets or
 * passes it): from anyone else it would let a client make its requests look like another's.
 */
export function requestId(trustProxy: number | boolean): RequestHandler {
  const trustIncoming = trustProxy !== false && trustProxy !== 0;
  return (req, res, next) => {
    requestIdOf(req as WithId, res, trustIncoming);
    next();
  };
}
