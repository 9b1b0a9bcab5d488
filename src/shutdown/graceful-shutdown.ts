import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShutdownConfig } from '../config/config-slices';
import { Readiness } from './readiness';

export interface GracefulShutdownOptions {
  /** Runs after the app has closed (e.g. stopping the embedded database), before exit. */
  afterClose?: () => Promise<void>;
  /** Defaults to process.exit; tests pass their own. */
  exit?: (code: number) => void;
}

/**
 * SIGTERM (as ECS sends before stopping a task): /health/ready answers 503 at once so the load
 * balancer stops sending traffic; the listener stays open SHUTDOWN_DELAY_SECONDS for it to notice,
 * then closes; requests in flight (uploads included) get SHUTDOWN_GRACE_SECONDS to finish; idle
 * keep-alive connections are closed and busy ones get `Connection: close`; then exit 0.
 * SIGINT (Ctrl-C) skips the delay. A second signal exits at once.
 */
export function installGracefulShutdown(
  app: INestApplication,
  options: GracefulShutdownOptions = {},
): void {
  const logger = new Logger('Shutdown');
  const config = app.get(ShutdownConfig);
  const readiness = app.get(Readiness);
  const server = app.getHttpServer() as Server;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let inFlight = 0;
  let closing = false;

  // Before Express sees the request: count it, and once draining, ask the client not to reuse
  // the connection (so it reconnects through the load balancer to another instance).
  server.prependListener('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      // Once the listener is closed, a connection whose last request just ended is idle: closed
      // now, or `server.close` would wait for the client to hang up (a browser's keep-alive).
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    if (!readiness.accepting) res.setHeader('Connection', 'close');
  });

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    readiness.startDraining();
    const delay = signal === 'SIGTERM' ? config.delaySeconds : 0;
    logger.log(`${signal}: not ready; closing the listener in ${delay}s`);
    await sleep(delay * 1000);
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    closing = true;
    server.closeIdleConnections();
    const deadline = sleep(config.graceSeconds * 1000, 'timeout' as const, { ref: false });
    if ((await Promise.race([drained, deadline])) === 'timeout') {
      // Requests cut short are worth a warning; connections that only stayed open are not.
      if (inFlight > 0)
        logger.warn(`${inFlight} request(s) still running after ${config.graceSeconds}s: cut`);
      server.closeAllConnections();
    }
    await app.close();
    await options.afterClose?.();
    logger.log('Stopped');
    exit(0);
  };

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return exit(1);
    stopping = true;
    stop(signal).catch((error: unknown) => {
      logger.error(error instanceof Error ? error.stack : String(error));
      exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
