import { createServer } from 'node:net';

/**
 * Below every common OS's ephemeral range (Linux 32768-60999, macOS and Windows 49152-65535): an
 * outgoing connection's local port is never taken from here, so a port found free stays free
 * until it is listened on, unless another process picks the same one.
 */
const LOW = 10_000;
const HIGH = 32_767;
const TRIES = 20;

/** Binds `port` on loopback and releases it at once: the port bound (the OS's pick for 0), or undefined if taken. */
function tryBind(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * Finds a free TCP port on loopback for a server started a moment later. A random port below the
 * ephemeral range rather than the OS's pick (port 0), which comes from the ephemeral range: there,
 * any outgoing connection (a database pool's, another test worker's) could take it first
 * (EADDRINUSE). Falls back to the OS's pick if every try is taken.
 */
export async function findFreePort(): Promise<number> {
  for (let i = 0; i < TRIES; i++) {
    const port = await tryBind(LOW + Math.floor(Math.random() * (HIGH - LOW + 1)));
    if (port) return port;
  }
  const port = await tryBind(0);
  if (!port) throw new Error('No free TCP port on 127.0.0.1');
  return port;
}
