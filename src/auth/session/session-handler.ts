import { Injectable, OnModuleDestroy } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { DataSource } from 'typeorm';
import { HttpConfig, SessionConfig } from '../../config/config-slices';
import { sharedPool } from '../../database/shared-pool';
import { SESSION_COOKIE, SESSION_TABLE } from './session.constants';

/** Paths that never need a session: the bearer-token API, health checks and static files. */
const SESSIONLESS = /^\/(api|health|css|js|img)(\/|$)|^\/favicon\./;

/**
 * express-session with its store in PostgreSQL (table made by a migration), so sessions survive
 * restarts and any instance behind the load balancer can serve any request.
 */
@Injectable()
export class SessionHandler implements OnModuleDestroy {
  private readonly store: connectPgSimple.PGStore;
  private readonly handler: RequestHandler;

  constructor(http: HttpConfig, sessionConfig: SessionConfig, dataSource: DataSource) {
    const idleTimeoutMs = sessionConfig.idleTimeoutSeconds * 1000;
    const PgStore = connectPgSimple(session);
    // TypeORM's pool: one set of connections, timeouts and error listeners for the whole app.
    this.store = new PgStore({
      pool: sharedPool(dataSource),
      tableName: SESSION_TABLE,
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    });
    this.handler = session({
      name: SESSION_COOKIE,
      secret: sessionConfig.secret,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      // Each response pushes the idle deadline forward; the absolute limit is enforced separately.
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
