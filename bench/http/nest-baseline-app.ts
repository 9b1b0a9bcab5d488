/**
 * The baseline of bench/http (baseline-app.ts) on NestJS: the same express-session in PostgreSQL
 * (connect-pg-simple, rolling), the same cached page and JSON route, served by one Nest controller
 * on the Express adapter, with nothing else (no security headers, logging, rate limits, CSRF or
 * layout). It says what Nest itself costs on these routes, apart from what Photos adds.
 *
 * Environment: DATABASE_URL, PORT, SESSION_SECRET, BASELINE_VIEWS (a folder holding home.hbs).
 */
import 'reflect-metadata';
import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import type { Request, Response } from 'express';
import session from 'express-session';
import { Pool } from 'pg';
import { serveForParent } from '../support/child-server';

const IDLE_MS = 2 * 60 * 60 * 1000;

type BaselineSession = session.Session & { baselineUser?: { nickname: string } };

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset`);
  return value;
};

@Controller()
class BaselineController {
  @Get('sign-in')
  signIn(@Req() req: Request, @Res() res: Response): void {
    (req.session as BaselineSession).baselineUser = { nickname: 'Demo' };
    res.redirect('/');
  }

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    const user = (req.session as BaselineSession).baselineUser;
    if (!user) return res.redirect('/sign-in');
    res.render('home', { user });
  }

  // The same body as Photos' /health/live.
  @Get('json')
  json(): object {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }
}

@Module({ controllers: [BaselineController] })
class BaselineModule {}

const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 5 });
let app: NestExpressApplication;
void serveForParent(
  async () => {
    app = await NestFactory.create<NestExpressApplication>(BaselineModule, { logger: false });
    app.disable('x-powered-by');
    app.setBaseViewsDir(env('BASELINE_VIEWS'));
    app.setViewEngine('hbs');
    app.set('view cache', true);
    app.set('view options', { layout: false });
    const PgStore = connectPgSimple(session);
    app.use(
      session({
        name: 'nest-baseline.sid',
        secret: env('SESSION_SECRET'),
        store: new PgStore({ pool, tableName: 'baseline_sessions', createTableIfMissing: true }),
        resave: false,
        saveUninitialized: false,
        rolling: true,
        cookie: { httpOnly: true, sameSite: 'lax', maxAge: IDLE_MS },
      }),
    );
    await app.listen(Number(env('PORT')), '127.0.0.1');
    return Number(env('PORT'));
  },
  async () => {
    await app.close();
    await pool.end();
  },
);
