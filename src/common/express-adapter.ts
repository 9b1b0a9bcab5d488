import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import { createServer, IncomingMessage, type ServerOptions, ServerResponse } from 'node:http';

/** Node's own constructors, called on an object made elsewhere (they are ES5 functions). */
type Initializer = (this: object, ...args: unknown[]) => void;

/**
 * A constructor for Node's HTTP server that makes the usual `IncomingMessage` (or
 * `ServerResponse`) with `prototype` as its prototype from the start: `new` makes the object from
 * this function's prototype, then Node's constructor fills it in. (Reflect.construct with a
 * new.target does the same in one call, but measured slower than Express's own prototype swap.)
 */
function constructing<C extends new (...args: never[]) => object>(base: C, prototype: object): C {
  const initialize = base as unknown as Initializer;
  function Constructed(this: object, first: unknown, second: unknown): void {
    initialize.call(this, first, second);
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as C;
}

/** Whether Node's constructors can still be called on an object made elsewhere. */
const CALLABLE_CONSTRUCTORS = [IncomingMessage, ServerResponse].every(
  (constructor) => !Function.prototype.toString.call(constructor).startsWith('class'),
);

/**
 * Options for `http.createServer` that build each request and response on `app.request` and
 * `app.response`, so Express finds nothing to change (see PhotosExpressAdapter); undefined on a
 * Node whose constructors can no longer be used so.
 */
export function expressPrototypesServerOptions(
  app: Express,
): Pick<ServerOptions, 'IncomingMessage' | 'ServerResponse'> | undefined {
  if (!CALLABLE_CONSTRUCTORS) return undefined;
  return {
    IncomingMessage: constructing<typeof IncomingMessage>(IncomingMessage, app.request),
    ServerResponse: constructing<typeof ServerResponse>(ServerResponse, app.response),
  };
}

/**
 * Nest's Express adapter, with an HTTP server that makes each request and response an instance of
 * the Express app's own `app.request` / `app.response` from the start.
 *
 * Express otherwise swaps the prototype of both objects on every request (`Object.setPrototypeOf`
 * in `app.handle`). With V8 that costs far more than the call: objects so changed, and what they
 * reach, outlive the young generation's collections, so every scavenge copies and promotes
 * megabytes of finished requests and pauses for 10–20 ms under load (`node --trace-gc`), which
 * is where the 99th percentile of latency went (docs/PERFORMANCE.md). Given objects that already
 * have the right prototype, `Object.setPrototypeOf` changes nothing. The approach is the one
 * proposed upstream in expressjs/express#5998.
 */
export class PhotosExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    const app = this.getInstance<Express>();
    const prebuilt = expressPrototypesServerOptions(app);
    // Options Photos does not use, or a Node whose constructors became classes, keep Nest's own
    // server (and Express's per-request prototype change).
    const unused =
      options.httpsOptions || options.return503OnClosing || options.forceCloseConnections;
    if (unused || !prebuilt) return super.initHttpServer(options);
    this.setHttpServer(createServer(prebuilt, app));
  }
}
