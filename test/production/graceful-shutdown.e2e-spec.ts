import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { apiTokens } from '../support/api-token';
import { type AppProcess, buildOnce, startAppProcess } from '../support/app-process';
import { fixture } from '../support/fixtures';
import { TestStack } from '../support/test-stack';

const DELAY_SECONDS = 4; // room for a loaded machine to open the page views before the listener closes

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
  let stack: TestStack;
  let app: AppProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    await buildOnce();
    // The test stack's database, data dir and local Cognito; the app is the built one, run by us.
    stack = await TestStack.start({
      startApp: false,
      env: {
        SHUTDOWN_DELAY_SECONDS: String(DELAY_SECONDS),
        SHUTDOWN_GRACE_SECONDS: '20',
        LOG_LEVEL: 'info',
      },
    });
    env = { PATH: process.env.PATH ?? '', ...stack.env };
    app = await startAppProcess(env);
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await stack?.close();
  });

  it('fails readiness at once, lets the upload and the page views in flight finish, exits 0', async () => {
    const { accessToken } = await apiTokens({ baseUrl: app.baseUrl, idp: stack.idp, env });
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
    // A normal stop is no trouble: no warning, no error in the log (JSON: 40 warn, 50 error).
    expect(app.output.join('')).not.toMatch(/"level":(40|50|60)/);
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ description: string }>('SELECT description FROM photos');
    await db.end();
    expect(rows).toEqual([{ description: 'sent slowly' }]);
  });
});
