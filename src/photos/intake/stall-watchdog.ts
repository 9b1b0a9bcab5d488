import type { IncomingMessage } from 'node:http';

export interface StallLimits {
  /** No byte for this long is a stall; also the period the rate is measured over. */
  timeoutMs: number;
  /** Fewer bytes than this a second, over a whole period, is too slow (0: only stalls count). */
  minBytesPerSecond: number;
}

/**
 * Calls `onStall` when the request's body stops arriving for `timeoutMs` (no byte received on
 * its socket), or arrives slower than `minBytesPerSecond` over a period of `timeoutMs` (a byte
 * trickled now and then keeps a socket from going idle while it holds an upload slot and its
 * share of the spool), and stops watching once the body has been read to its end or the request
 * closed. Node's own `requestTimeout` (300 s for the whole request) is far too slow to protect
 * the memory, disk and upload slots a stalled body holds. Returns a function that stops watching.
 */
export function watchForStall(
  req: IncomingMessage,
  limits: StallLimits,
  onStall: (reason: 'stalled' | 'too-slow') => void,
): () => void {
  if (req.complete || req.destroyed) return () => undefined;
  const socket = req.socket;
  const leastPerPeriod = (limits.minBytesPerSecond * limits.timeoutMs) / 1000;
  let readBefore = socket.bytesRead;
  const rateCheck =
    leastPerPeriod > 0
      ? setInterval(() => {
          const read = socket.bytesRead - readBefore;
          readBefore = socket.bytesRead;
          if (read < leastPerPeriod) fire('too-slow');
        }, limits.timeoutMs)
      : undefined;
  rateCheck?.unref();
  const stop = () => {
    clearInterval(rateCheck);
    // Node's http server sets the socket's timeout only for keep-alive (after the response), and
    // `server.timeout` is 0 by default, so 0 is what it was.
    socket.setTimeout(0);
    socket.off('timeout', onIdle);
    req.off('end', stop);
    req.off('close', stop);
  };
  const fire = (reason: 'stalled' | 'too-slow') => {
    stop();
    onStall(reason);
  };
  const onIdle = () => fire('stalled');
  socket.setTimeout(limits.timeoutMs);
  socket.on('timeout', onIdle);
  req.once('end', stop);
  req.once('close', stop);
  return stop;
}
