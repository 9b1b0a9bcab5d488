import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { watchForStall } from './stall-watchdog';

/** A server whose every request is watched with these limits; says why it fired, if it did. */
async function watchedRequest(limits: { timeoutMs: number; minBytesPerSecond: number }) {
  let server!: Server;
  const received = new Promise<IncomingMessage>((resolve) => {
    server = createServer((req) => resolve(req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const client: Socket = connect(port, '127.0.0.1');
  client.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
  const req = await received;
  req.resume();
  const fired = new Promise<string>((resolve) =>
    watchForStall(req, limits, (reason) => resolve(reason)),
  );
  return {
    client,
    fired,
    close: () => {
      client.destroy();
      server.close();
    },
  };
}

describe('watchForStall', () => {
  it('drops a body trickled slower than the minimum rate, though it never goes idle', async () => {
    const watched = await watchedRequest({ timeoutMs: 300, minBytesPerSecond: 1000 });
    const trickle = setInterval(() => watched.client.write('x'), 50); // 20 bytes a second
    try {
      await expect(watched.fired).resolves.toBe('too-slow');
    } finally {
      clearInterval(trickle);
      watched.close();
    }
  });

  it('drops a body that stops arriving', async () => {
    const watched = await watchedRequest({ timeoutMs: 200, minBytesPerSecond: 0 });
    try {
      await expect(watched.fired).resolves.toBe('stalled');
    } finally {
      watched.close();
    }
  });
});
