import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { Pool } from 'pg';
import { AppConfig } from '../../config/app-config';
import { SESSION_COOKIE, SESSION_TABLE } from './session.constants';

/** Paths that never need a session: the bearer-token API, health checks and static files. */
const SESSIONLESS = /^\/(api|health|css|img|favicon\.(ico|svg))(\/|$)/;

/**
 * express-session with its store in PostgreSQL (table made by a migration), so sessions survive
 * restarts and any instance behind the load balancer can serve any request.
 */
@Injectable()
export class SessionHandler implements OnModuleDestroy {
  private readonly pool: Pool;
  private readonly handler: RequestHandler;

  constructor(config: ConfigService<AppConfig, true>) {
    const secure = config.get('baseUrl', { infer: true }).startsWith('https://');
    const { idleTimeoutSeconds } = config.get('session', { infer: true });
    this.pool = new Pool({ connectionString: config.get('databaseUrl', { infer: true }), max: 5 });
    const PgStore = connectPgSimple(session);
    this.handler = session({
      name: SESSION_COOKIE,
      secret: config.get('sessionSecret', { infer: true }),
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
      proxy: config.get('trustProxy', { infer: true }) !== false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge: idleTimeoutSeconds * 1000,
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
