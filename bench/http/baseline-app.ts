/**
 * The bare stack Photos is built on, as a yardstick for bench/http: Express 5, express-session with
 * its store in PostgreSQL (connect-pg-simple, rolling expiry, as Photos), one cached Handlebars
 * page for a signed-in visitor and one JSON route. No framework, no security headers, no logging.
 *
 * Environment: DATABASE_URL, PORT, SESSION_SECRET, BASELINE_VIEWS (a folder holding home.hbs);
 * BASELINE_PREBUILT_PROTOTYPES=1 serves it from the HTTP server Photos uses, whose requests and
 * responses are built on Express's prototypes (src/common/express-adapter.ts), for the record.
 */
import express from 'express';
import { createServer, type Server } from 'node:http';
import { expressPrototypesServerOptions } from '../../src/common/express-adapter';
import { serveForParent } from '../support/child-server';
import { baselineSession, type BaselineSession, env, pool } from './baseline-session';

const app = express();
app.disable('x-powered-by');
app.set('views', env('BASELINE_VIEWS'));
app.set('view engine', 'hbs');
app.set('view cache', true);
// No layout: without this hbs looks for views/layout.hbs on every render, a failed file read per
// request that a cached page must not pay (it showed as 10% "(open)" in the baseline's profile).
app.set('view options', { layout: false });
app.use(baselineSession('baseline.sid'));
app.get('/sign-in', (req, res) => {
  (req.session as BaselineSession).baselineUser = { nickname: 'Demo' };
  res.redirect('/');
});
app.get('/', (req, res) => {
  const user = (req.session as BaselineSession).baselineUser;
  if (!user) return res.redirect('/sign-in');
  res.render('home', { user });
});
// The same body as Photos' /health/live.
app.get('/json', (_req, res) => {
  res.json({ status: 'ok', info: {}, error: {}, details: {} });
});

let server: Server;
void serveForParent(
  () =>
    new Promise((resolve) => {
      const prebuilt = process.env.BASELINE_PREBUILT_PROTOTYPES === '1';
      server = createServer((prebuilt && expressPrototypesServerOptions(app)) || {}, app);
      server.listen(Number(env('PORT')), '127.0.0.1', () => resolve(Number(env('PORT'))));
    }),
  async () => {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  },
);
