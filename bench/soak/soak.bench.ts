/**
 * Soak: simulated users for minutes across two instances of the built app (child processes, so
 * each has its own memory) on one PostgreSQL, mixing sign-in, page views, API reads, uploads and
 * deletes; the local Cognito runs in its own process (`node dist/local-cognito/cli.js`). Prints
 * req/s, p50/p99, errors by kind (429s counted apart), each instance's RSS over time and the load.
 *
 *   npm run build && node --require ./bench/register.js bench/soak/soak.bench.ts
 *   SOAK_USERS=100 SOAK_SECONDS=300 SOAK_RAMP_SECONDS=20 (defaults)
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { apiTokens } from '../../test/support/api-token';
import { type AppProcess, buildOnce, startAppProcess } from '../../test/support/app-process';
import { Browser } from '../../test/support/browser';
import { createTestDatabase } from '../../test/support/database';
import { fixtureSync } from '../../test/support/fixtures';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { LocalCognitoProcess } from '../../test/support/local-cognito-process';
import { machine, mib, percentile } from '../support/figures';

const USERS = Number(process.env.SOAK_USERS ?? 100);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
/** Users arrive over this many seconds (not all in the same millisecond), as they would. */
const RAMP_SECONDS = Number(process.env.SOAK_RAMP_SECONDS ?? 20);
const PHOTO = fixtureSync('rocket.jpg');

const latencies: number[] = [];
/** busy: the local Cognito's deliberate "too many password checks, retry after" (503 + Retry-After). */
const counts = { ok: 0, throttled: 0, busy: 0, errors: 0 };
/** "label: status" or "label: error message" (query strings cut) → how many times. */
const errorKinds = new Map<string, number>();
const BUSY_RETRIES = 10;

function countError(kind: string): void {
  counts.errors++;
  const short = kind.replace(/\?\S*/g, '?…').slice(0, 160);
  errorKinds.set(short, (errorKinds.get(short) ?? 0) + 1);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signs in through the hosted UI as a person does when the identity provider says "busy, try
 * again in N seconds" (the local Cognito checks one password at a time, 32 waiting at most):
 * waits and tries again. Only that answer is retried; anything else is returned as it came.
 */
async function signInPatiently(
  browser: Browser,
  base: string,
  user: { username: string; password: string },
  idpOrigin: string,
) {
  for (let attempt = 1; ; attempt++) {
    const page = await browser.signIn(base, user.username, user.password);
    const retryAfter = page.headers.get('retry-after');
    const busy = page.status === 503 && page.url.startsWith(idpOrigin) && retryAfter !== null;
    if (!busy || attempt === BUSY_RETRIES) return page;
    counts.busy++;
    await sleep(Number(retryAfter) * 1000);
  }
}

/** apiTokens, retried the same way when the hosted UI answered "busy" (503). */
async function tokensPatiently(
  source: Parameters<typeof apiTokens>[0],
  user: { username: string; password: string },
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await apiTokens(source, user);
    } catch (error) {
      const busy = / 503 /.test(messageOf(error)) && messageOf(error).includes(source.idp.origin);
      if (!busy || attempt === BUSY_RETRIES) throw error;
      counts.busy++;
      await sleep(2000);
    }
  }
}

async function timed(label: string, run: () => Promise<number>): Promise<void> {
  const start = performance.now();
  try {
    const status = await run();
    latencies.push(performance.now() - start);
    if (status === 429) counts.throttled++;
    else if (status >= 400) countError(`${label}: ${status}`);
    else counts.ok++;
  } catch (error) {
    countError(`${label}: ${messageOf(error)}`);
  }
}

const loads = (): string =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');

const rss = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
};

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

async function simulatedUser(
  index: number,
  instances: AppProcess[],
  source: Parameters<typeof apiTokens>[0],
  until: number,
): Promise<void> {
  const user = { username: `soak${index}`, password: `soak-password-${index}` };
  const base = instances[index % instances.length].baseUrl;
  await new Promise((resolve) => setTimeout(resolve, (index * RAMP_SECONDS * 1000) / USERS));
  let browser = new Browser();
  let accessToken: string;
  try {
    const home = await signInPatiently(browser, base, user, source.idp.origin);
    if (home.status !== 200) throw new Error(`sign-in ended with ${home.status} at ${home.url}`);
    ({ accessToken } = await tokensPatiently(source, user));
  } catch (error) {
    // This user drops out (counted): the others go on.
    countError(`first sign-in: ${messageOf(error)}`);
    return;
  }
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
    const roll = Math.random();
    const at = pick(instances).baseUrl; // the load balancer sends each request anywhere
    if (roll < 0.03) {
      await timed('sign-in', async () => {
        await browser.signOut(at);
        browser = new Browser();
        return (await signInPatiently(browser, at, user, source.idp.origin)).status;
      });
    } else if (roll < 0.55) {
      await timed(
        'page',
        async () => (await browser.get(pick([`${at}/`, `${at}/myphotos`]))).status,
      );
    } else if (roll < 0.85) {
      await timed('api read', async () => {
        const r = await fetch(`${at}/api/photos`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        await r.arrayBuffer();
        return r.status;
      });
    } else if (roll < 0.93) {
      await timed('upload', async () => {
        const page = await browser.get(`${at}/myphotos`);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        const form = new FormData();
        form.set('_csrf', csrf);
        form.set('description', 'soak');
        form.set('photo', new Blob([PHOTO], { type: 'image/jpeg' }), 'rocket.jpg');
        return (
          await browser.request(`${at}/myphotos`, { method: 'POST', body: form, follow: false })
        ).status;
      });
    } else {
      await timed('delete', async () => {
        const page = await browser.get(`${at}/myphotos`);
        const id = /action="\/myphotos\/([0-9a-f-]{36})\/delete"/.exec(page.body)?.[1];
        if (!id) return 200; // nothing to delete yet
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        return (
          await browser.request(`${at}/myphotos/${id}/delete`, {
            method: 'POST',
            body: new URLSearchParams({ _csrf: csrf }),
            follow: false,
          })
        ).status;
      });
    }
  }
}

async function main(): Promise<void> {
  await buildOnce();
  await globalSetup();
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'photos-soak-'));
  const ports = [await findFreePort(), await findFreePort()];
  const origins = ports.map((port) => `http://localhost:${port}`);
  const clientSecret = randomBytes(16).toString('hex');
  const users = Array.from({ length: USERS }, (_, i) => ({
    username: `soak${i}`,
    password: `soak-password-${i}`,
    email: `soak${i}@example.com`,
    nickname: `Soak ${i}`,
  }));
  // The identity provider in its own process, as Cognito is: it shares no event loop with the
  // simulated clients (they run here) nor with the app instances.
  const idp = await LocalCognitoProcess.start({
    env: {
      LOCAL_COGNITO_PORT: String(await findFreePort()),
      LOCAL_COGNITO_CLIENT_ID: 'photos-soak',
      LOCAL_COGNITO_CLIENT_SECRET: clientSecret,
      LOCAL_COGNITO_CALLBACK_URLS: origins.map((origin) => `${origin}/callback`).join(','),
      LOCAL_COGNITO_LOGOUT_URLS: origins.map((origin) => `${origin}/`).join(','),
      LOCAL_COGNITO_USERS: users
        .map((u) => `${u.username}:${u.password}:${u.email}:${u.nickname}`)
        .join(','),
      DATA_DIR: dataDir,
    },
  });
  const env = (port: number): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    PORT: String(port),
    BASE_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    SESSION_SECRET: 'soak-session-secret-soak-session-secret',
    COGNITO_DOMAIN: idp.origin,
    COGNITO_ISSUER: idp.issuer,
    COGNITO_CLIENT_ID: 'photos-soak',
    COGNITO_CLIENT_SECRET: clientSecret,
    LOG_LEVEL: 'warn',
    // Every simulated user comes from 127.0.0.1: per-IP limits would measure nothing but 429s.
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000000',
  });
  const instances = [await startAppProcess(env(ports[0])), await startAppProcess(env(ports[1]))];
  try {
    const source = { baseUrl: origins[0], idp: { origin: idp.origin }, env: env(ports[0]) };
    const loadAtStart = loads();
    const start = instances.map((i) => rss(i.child.pid!));
    const samples: string[] = [];
    const sampler = setInterval(() => {
      samples.push(instances.map((i) => mib(rss(i.child.pid!))).join('/'));
    }, 30_000);
    const began = Date.now();
    const until = began + SECONDS * 1000;
    await Promise.all(users.map((_, i) => simulatedUser(i, instances, source, until)));
    clearInterval(sampler);
    const seconds = (Date.now() - began) / 1000;
    const end = instances.map((i) => rss(i.child.pid!));
    const sorted = latencies.sort((a, b) => a - b);
    console.log(machine());
    console.log(`Load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loads()}`);
    console.log(
      `${USERS} users, ${seconds.toFixed(0)} s, 2 instances: ${(sorted.length / seconds).toFixed(1)} req/s, ` +
        `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, ` +
        `${counts.ok} ok, ${counts.throttled} throttled (429), ` +
        `${counts.busy} "busy, retry" answers of the local Cognito (503 + Retry-After, retried), ` +
        `${counts.errors} errors`,
    );
    console.log(
      `RSS MiB instance A ${mib(start[0])} -> ${mib(end[0])}, instance B ${mib(start[1])} -> ${mib(end[1])}`,
    );
    console.log(`RSS every 30 s (A/B): ${samples.join(', ')}`);
    const kinds = [...errorKinds].sort((a, b) => b[1] - a[1]);
    for (const [kind, count] of kinds) console.log(`  error ${count}× ${kind}`);
  } finally {
    for (const instance of instances) await instance.stop();
    await idp.stop();
    await database.drop();
    await globalTeardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
