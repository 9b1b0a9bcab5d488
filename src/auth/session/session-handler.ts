import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { DataSource } from 'typeorm';
import { HttpConfig, SessionConfig } from '../../config/config-slices';
import { STATIC_DIRECTORIES } from '../../common/static-assets';
import { sharedPool } from '../../database/shared-pool';
import { SESSION_COOKIE, SESSION_TABLE } from './session.constants';
import { PhotosSessionStore } from './session-store';

/** The app's routes that never have a session: the bearer-token API and health checks. */
export const SESSIONLESS_ROUTES = ['api', 'health'];
/**
 * Paths that never need a session: those routes and static files, a missing one included (any
 * favicon: browsers ask for /favicon.ico on their own).
 */
const SESSIONLESS = new RegExp(
  `^/(${[...SESSIONLESS_ROUTES, ...STATIC_DIRECTORIES].join('|')})(/|$)|^/favicon\\.`,
);
/** Rolling expiry writes the row only when its deadline moves by at least this much. */
const MAX_TOUCH_INTERVAL_MS = 60_000;

/**
 * express-session with its store in PostgreSQL (table made by a migration), so sessions survive
 * restarts and any instance behind the load balancer can serve any request.
 */
@Injectable()
export class SessionHandler implements OnModuleDestroy {
  private readonly store: PhotosSessionStore;
  private readonly handler: RequestHandler;

  constructor(http: HttpConfig, sessionConfig: SessionConfig, dataSource: DataSource) {
    const idleTimeoutMs = sessionConfig.idleTimeoutSeconds * 1000;
    // TypeORM's pool: one set of connections, timeouts and error listeners for the whole app.
    this.store = new PhotosSessionStore({
      pool: sharedPool(dataSource),
      tableName: SESSION_TABLE,
      // A quarter of the idle timeout for the very short ones tests use.
      touchAfterMs: Math.min(MAX_TOUCH_INTERVAL_MS, idleTimeoutMs / 4),
    });
    this.handler = session({
      name: SESSION_COOKIE,
      // The first signs; any verifies: cookies signed before a rotation stay valid, and are
      // re-signed with the new secret on their next response (rolling).
      secret: [
        sessionConfig.secret,
        ...(sessionConfig.previousSecret ? [sessionConfig.previousSecret] : []),
      ],
      store: this.store,
      resave: false,
      saveUninitialized: false,
      // Each response pushes the idle deadline forward (the store writes it at most every
      // touchAfterMs); the absolute limit is enforced separately.
      rolling: true,
      proxy: http.trustProxy !== false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: http.secure,
        path: '/',
        maxAge: idleTimeoutMs,
      },
    });
  }

  readonly middleware: RequestHandler = (req, res, next) => {
    if (SESSIONLESS.test(req.path)) return next();
    return this.handler(req, res, next);
  };

  /** Stops the prune timer; the pool is TypeORM's to close. */
  onModuleDestroy(): void {
    this.store.close();
  }
}
