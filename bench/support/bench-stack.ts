/**
 * What the benchmarks share: PostgreSQL (embedded), the local Cognito and the app built by the
 * same `createApp` main.ts uses, in a temporary directory.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { findFreePort } from '../../src/common/free-port';
import { loadAppConfig } from '../../src/config/load-app-config';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import {
  type RunningLocalCognito,
  startLocalCognito,
} from '../../src/local-cognito/local-cognito.server';
import { DEMO } from '../../test/support/test-stack';

export interface Running {
  baseUrl: string;
  idp: RunningLocalCognito;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** PostgreSQL, the local Cognito and the app, as TestStack starts them, but standalone. */
export async function startEverything(name: string): Promise<Running> {
  const dir = await mkdtemp(join(tmpdir(), `photos-bench-${name}-`));
  await chmod(dir, 0o711); // as root, PostgreSQL's own OS user must reach its directory
  const pg = await startEmbeddedPostgres({ directory: join(dir, 'pg'), database: 'photos_bench' });
  const port = await findFreePort();
  const baseUrl = `http://localhost:${port}`;
  const clientSecret = randomBytes(16).toString('hex');
  const idp = await startLocalCognito({
    port: 0,
    userPoolId: 'us-local-1_Photos',
    clientId: 'photos-bench',
    clientSecret,
    callbackUrls: [`${baseUrl}/callback`],
    logoutUrls: [`${baseUrl}/`],
    users: [DEMO],
    tokenTtlSeconds: 3600,
    refreshTtlSeconds: 3600,
    dataDir: dir,
  });
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: String(port),
    BASE_URL: baseUrl,
    DATA_DIR: dir,
    DATABASE_URL: pg.url,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    COGNITO_DOMAIN: idp.origin,
    COGNITO_ISSUER: idp.issuer,
    COGNITO_CLIENT_ID: 'photos-bench',
    COGNITO_CLIENT_SECRET: clientSecret,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '10000000', // one client IP sends everything here
  };
  let app: NestExpressApplication | undefined;
  const stop = async () => {
    await app?.close();
    await idp.close();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    app = await createApp(loadAppConfig(env));
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, idp, env, stop };
}
