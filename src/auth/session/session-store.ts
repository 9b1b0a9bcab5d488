import connectPgSimple from 'connect-pg-simple';
import type { Request } from 'express';
import session, { type Session, type SessionData } from 'express-session';
import type { Pool } from 'pg';

const PGStore = connectPgSimple(session);

type Callback = (err?: unknown) => void;
type StoredSession = Session & Partial<SessionData>;

export interface SessionStoreOptions {
  pool: Pool;
  /** A plain identifier (it is quoted, not escaped). */
  tableName: string;
  /** A touch that moves the idle deadline by less than this is skipped. */
  touchAfterMs: number;
}

/** The store keeps deadlines in whole seconds, rounded up, as connect-pg-simple does. */
function deadlineSeconds(session: StoredSession): number {
  const expires = session.cookie.expires;
  return Math.ceil((expires ? expires.getTime() : Date.now()) / 1000);
}

/**
 * connect-pg-simple's store with two changes:
 *
 * - A session that already has a row is only ever UPDATEd, never re-inserted. A request that
 *   loaded the session before another one signed out (an upload in another tab) would otherwise
 *   bring the destroyed session back when it saves. Only sessions made in this request (a first
 *   visit, a sign-in's regenerated session) may insert.
 * - Rolling expiry without a write per request: a touch is skipped while it would move the
 *   row's deadline by less than `touchAfterMs`. The row's deadline is therefore never later than
 *   last activity + idle timeout (it is at most `touchAfterMs` earlier), so idle expiry, enforced
 *   by the row, stays as strict as a write per request.
 */
export class PhotosSessionStore extends PGStore {
  private readonly table: string;
  /** The deadline (epoch ms) in the row of each session read or written by this process. */
  private readonly stored = new WeakMap<object, number>();

  constructor(private readonly options: SessionStoreOptions) {
    super({
      pool: options.pool,
      tableName: options.tableName,
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    });
    this.table = `"${options.tableName}"`;
  }

  /** As connect-pg-simple's, but the session's cookie carries the row's own deadline. */
  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.options.pool
      .query<{ sess: SessionData; expire_ms: string }>(
        `SELECT sess, (EXTRACT(EPOCH FROM expire::timestamptz) * 1000)::bigint AS expire_ms
           FROM ${this.table} WHERE sid = $1 AND expire >= to_timestamp($2)`,
        [sid, Math.ceil(Date.now() / 1000)],
      )
      .then(({ rows: [row] }) => {
        if (!row) return callback(null, null);
        const sess = row.sess;
        if (sess.cookie) sess.cookie.expires = new Date(Number(row.expire_ms));
        callback(null, sess);
      }, callback);
  }

  override createSession(req: Request, data: SessionData): StoredSession {
    const created = super.createSession(req, data);
    if (created.cookie.expires) this.stored.set(created, created.cookie.expires.getTime());
    return created;
  }

  override set(sid: string, sess: SessionData, callback?: Callback): void {
    const current = sess as StoredSession;
    const deadline = deadlineSeconds(current);
    const query = this.stored.has(current)
      ? `UPDATE ${this.table} SET sess = $1, expire = to_timestamp($2) WHERE sid = $3`
      : `INSERT INTO ${this.table} (sess, expire, sid) VALUES ($1, to_timestamp($2), $3)
           ON CONFLICT (sid) DO UPDATE SET sess = $1, expire = to_timestamp($2)`;
    // No row updated: the session was destroyed (signed out) meanwhile, and stays so.
    this.write(current, deadline, query, [sess, deadline, sid], callback);
  }

  override touch(sid: string, sess: SessionData, callback?: Callback): void {
    const current = sess as StoredSession;
    const deadline = deadlineSeconds(current);
    const stored = this.stored.get(current);
    if (stored !== undefined && deadline * 1000 - stored < this.options.touchAfterMs) {
      callback?.();
      return;
    }
    const query = `UPDATE ${this.table} SET expire = to_timestamp($1) WHERE sid = $2`;
    this.write(current, deadline, query, [deadline, sid], callback);
  }

  private write(
    sess: StoredSession,
    deadline: number,
    query: string,
    params: unknown[],
    callback?: Callback,
  ): void {
    this.options.pool.query(query, params).then(
      (result) => {
        if (result.rowCount) this.stored.set(sess, deadline * 1000);
        callback?.();
      },
      (error: unknown) => callback?.(error),
    );
  }
}
