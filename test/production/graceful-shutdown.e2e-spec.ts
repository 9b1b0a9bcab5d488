import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../../src/common/free-port';
import {
  type RunningLocalCognito,
  startLocalCognito,
} from '../../src/local-cognito/local-cognito.server';
import { apiTokens } from '../support/api-token';
import { type AppProcess, buildOnce, startAppProcess } from '../support/app-process';
import { createTestDatabase } from '../support/database';
import { fixture } from '../support/fixtures';
import { DEMO } from '../support/test-stack';

const DELAY_SECONDS = 2;

/** A multipart upload whose last bytes are sent only when `finish()` is called. */
function slowUpload(baseUrl: string, token: string, photo: Buffer) {
  const boundary = `----photos${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nsent slowly\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\n` +
      'Content-Type: image/jpeg\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Buffer.concat([head, photo, tail]);
  const half = Math.floor(body.length / 2);
  const url = new URL('/api/photos', baseUrl);
  let status: (code: number) => void;
  let finishUpload = () => undefined as unknown;
  const response = new Promise<number>((resolve, reject) => {
    status = resolve;
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => status(res.statusCode!));
    });
    req.on('error', reject);
    req.write(body.subarray(0, half));
    finishUpload = () => req.end(body.subarray(half));
  });
  return { response, finish: () => finishUpload() };
}

describe('Graceful shutdown of the built app on SIGTERM', () => {
  let idp: RunningLocalCognito;
  let database: { url: string; drop(): Promise<void> };
  let app: AppProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    await buildOnce();
    const dataDir = await mkdtemp(join(process.env.TEST_ROOT_DIR ?? tmpdir(), 'shutdown-'));
    database = await createTestDatabase();
    const port = await findFreePort();
    const baseUrl = `http://localhost:${port}`;
    const clientSecret = randomBytes(16).toString('hex');
    idp = await startLocalCognito({
      port: 0,
      userPoolId: 'us-local-1_Photos',
      clientId: 'photos-shutdown',
      clientSecret,
      callbackUrls: [`${baseUrl}/callback`],
      logoutUrls: [`${baseUrl}/`],
      users: [DEMO],
      tokenTtlSeconds: 3600,
      refreshTtlSeconds: 3600,
      dataDir,
    });
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      BASE_URL: baseUrl,
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      COGNITO_DOMAIN: idp.origin,
      COGNITO_ISSUER: idp.issuer,
      COGNITO_CLIENT_ID: 'photos-shutdown',
      COGNITO_CLIENT_SECRET: clientSecret,
      SHUTDOWN_DELAY_SECONDS: String(DELAY_SECONDS),
      SHUTDOWN_GRACE_SECONDS: '20',
      LOG_LEVEL: 'info',
    };
    app = await startAppProcess(env);
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await idp?.close();
    await database?.drop();
  });

  it('fails readiness at once, lets the upload and the page views in flight finish, exits 0', async () => {
    const { accessToken } = await apiTokens({ baseUrl: app.baseUrl, idp, env });
    const upload = slowUpload(app.baseUrl, accessToken, await fixture('rocket.jpg'));
    // Half the upload is on the wire, and a burst of page views is in flight, when SIGTERM comes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pageViews = Array.from({ length: 40 }, () =>
      fetch(`${app.baseUrl}/`).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      }),
    );
    app.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const ready = await fetch(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ error: { instance: { status: 'down' } } });
    expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);

    // The listener closes after the delay: new connections are refused, the upload goes on.
    await new Promise((resolve) => setTimeout(resolve, DELAY_SECONDS * 1000 + 500));
    await expect(fetch(`${app.baseUrl}/health/live`)).rejects.toThrow();
    expect(app.child.exitCode).toBeNull();
    upload.finish();

    expect(await upload.response).toBe(201);
    expect(await Promise.all(pageViews)).toEqual(Array(40).fill(200));
    expect(await app.exitCode).toBe(0);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    const { rows } = await db.query<{ description: string }>('SELECT description FROM photos');
    await db.end();
    expect(rows).toEqual([{ description: 'sent slowly' }]);
  });
});
