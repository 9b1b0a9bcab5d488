import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';

/** The client went away before the response was sent. */
export class ClientClosedRequestError extends Error {
  constructor() {
    super('The client closed the connection before the response was sent');
    this.name = 'ClientClosedRequestError';
  }
}

/**
 * An AbortSignal that fires when the client closes the connection before the response is sent,
 * so that an upload it abandoned is neither processed nor stored.
 */
export const ClientAbortSignal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AbortSignal => {
    const res = context.switchToHttp().getResponse<Response>();
    const controller = new AbortController();
    const abort = () => {
      if (!res.writableFinished) controller.abort(new ClientClosedRequestError());
    };
    if (res.closed || res.socket?.destroyed) abort();
    else res.once('close', abort);
    return controller.signal;
  },
);
