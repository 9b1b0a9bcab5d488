import { Injectable, OnModuleDestroy } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { Pool } from 'pg';
import { DatabaseConfig, HttpConfig, SessionConfig } from '../../config/config-slices';
import { SESSION_COOKIE, SESSION_TABLE } from './session.constants';

/** Paths that never need a session: the bearer-token API, health checks and static files. */
const SESSIONLESS = /^\/(api|health|css|js|img)(\/|$)|^\/favicon\./;

/**
 * express-session with its store in PostgreSQL (table made by a migration), so sessions survive
 * restarts and any instance behind the load balancer can serve any request.
 */
@Injectable()
export class SessionHandler implements OnModuleDestroy {
  private readonly pool: Pool;
  private readonly handler: RequestHandler;

  constructor(http: HttpConfig, sessionConfig: SessionConfig, database: DatabaseConfig) {
    this.pool = new Pool({ connectionString: database.url, max: 5 });
    const PgStore = connectPgSimple(session);
    this.handler = session({
      name: SESSION_COOKIE,
      secret: sessionConfig.secret,
      store: new PgStore({
        pool: this.pool,
        tableName: SESSION_TABLE,
        createTableIfMissing: false,
        pruneSessionInterval: 15 * 60,
      }),
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
        maxAge: sessionConfig.idleTimeoutSeconds * 1000,
      },
    });
  }

  readonly middleware: RequestHandler = (req, res, next) => {
    if (SESSIONLESS.test(req.path)) return next();
    return this.handler(req, res, next);
  };

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
