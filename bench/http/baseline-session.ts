/**
 * What both yardsticks of bench/http (baseline-app.ts on Express, nest-baseline-app.ts on NestJS)
 * share: their environment and the session they keep, express-session with its store in
 * PostgreSQL (connect-pg-simple, rolling expiry, as Photos).
 */
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { Pool } from 'pg';

const IDLE_MS = 2 * 60 * 60 * 1000;

/** What a yardstick keeps in a session (its own field, not Photos' SessionData). */
export type BaselineSession = session.Session & { baselineUser?: { nickname: string } };

export const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset`);
  return value;
};

export const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 5 });

/** The session middleware, under a cookie of the yardstick's own. */
export function baselineSession(cookieName: string): RequestHandler {
  const PgStore = connectPgSimple(session);
  return session({
    name: cookieName,
    secret: env('SESSION_SECRET'),
    store: new PgStore({ pool, tableName: 'baseline_sessions', createTableIfMissing: true }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: IDLE_MS },
  });
}
