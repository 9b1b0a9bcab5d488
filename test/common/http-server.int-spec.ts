import type { Express } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { TestStack } from '../support/test-stack';

/**
 * The HTTP server createApp sets up (common/express-adapter.ts): Express must find each request
 * and response already built on its own prototypes, or it swaps them on every request, and the
 * garbage collector then pauses long enough to show in the slowest requests (docs/PERFORMANCE.md).
 */
describe('The HTTP server under Express', () => {
  let stack: TestStack;
  const seen: { path: string; request: boolean; response: boolean }[] = [];

  beforeAll(async () => {
    stack = await TestStack.start({ localCognito: false });
    const { app } = stack.instances[0];
    const express: Express = app.getHttpAdapter().getInstance();
    const server: Server = app.getHttpServer();
    // First in line: what the server built, before Express has touched it.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
      seen.push({
        path: req.url ?? '',
        request: Object.getPrototypeOf(req) === express.request,
        response: Object.getPrototypeOf(res) === express.response,
      }),
    );
  });
  afterAll(() => stack?.close());

  it('builds requests and responses on the Express app’s own prototypes, for every kind of route', async () => {
    const answers = await Promise.all(
      ['/health/live', '/', '/api/photos', '/css/missing.css', '/no-such-page'].map(
        async (path) => (await fetch(`${stack.baseUrl}${path}`, { redirect: 'manual' })).status,
      ),
    );
    // The routes answer as ever: a health check, the home page, the API without a token, two misses.
    expect(answers).toEqual([200, 200, 401, 404, 404]);
    expect(seen).toHaveLength(5);
    for (const request of seen) expect(request).toMatchObject({ request: true, response: true });
  });
});
