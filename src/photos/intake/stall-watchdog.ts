import type { IncomingMessage } from 'node:http';

/**
 * Calls `onStall` when the request's body stops arriving for `timeoutMs` (no byte received on
 * its socket), and stops watching once the body has been read to its end or the request closed.
 * Node's own `requestTimeout` (300 s for the whole request) is far too slow to protect the
 * memory, disk and upload slots a stalled body holds. Returns a function that stops watching.
 */
export function watchForStall(
  req: IncomingMessage,
  timeoutMs: number,
  onStall: () => void,
): () => void {
  if (req.complete || req.destroyed) return () => undefined;
  const socket = req.socket;
  const stop = () => {
    // Node's http server sets the socket's timeout only for keep-alive (after the response), and
    // `server.timeout` is 0 by default, so 0 is what it was.
    socket.setTimeout(0);
    socket.off('timeout', fire);
    req.off('end', stop);
    req.off('close', stop);
  };
  const fire = () => {
    stop();
    onStall();
  };
  socket.setTimeout(timeoutMs);
  socket.on('timeout', fire);
  req.once('end', stop);
  req.once('close', stop);
  return stop;
}
