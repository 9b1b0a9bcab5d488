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
import type { Request, Response } from 'express';
import { serveForParent } from '../support/child-server';
import { baselineSession, type BaselineSession, env, pool } from './baseline-session';

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

let app: NestExpressApplication;
void serveForParent(
  async () => {
    app = await NestFactory.create<NestExpressApplication>(BaselineModule, { logger: false });
    app.disable('x-powered-by');
    app.setBaseViewsDir(env('BASELINE_VIEWS'));
    app.setViewEngine('hbs');
    app.set('view cache', true);
    app.set('view options', { layout: false });
    app.use(baselineSession('nest-baseline.sid'));
    await app.listen(Number(env('PORT')), '127.0.0.1');
    return Number(env('PORT'));
  },
  async () => {
    await app.close();
    await pool.end();
  },
);
