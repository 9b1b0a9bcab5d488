/**
 * Soak: simulated users for minutes across two instances of the built app (child processes, so
 * each has its own memory) on one PostgreSQL, mixing sign-in, page views, API reads, uploads and
 * deletes. Prints req/s, p50/p99, errors (429s counted apart) and each instance's RSS over time.
 *
 *   npm run build && node --require ./bench/register.js bench/soak/soak.bench.ts
 *   SOAK_USERS=100 SOAK_SECONDS=300 (defaults)
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { startLocalCognito } from '../../src/local-cognito/local-cognito.server';
import { apiTokens } from '../../test/support/api-token';
import { type AppProcess, buildOnce, startAppProcess } from '../../test/support/app-process';
import { Browser } from '../../test/support/browser';
import { createTestDatabase } from '../../test/support/database';
import { fixtureSync } from '../../test/support/fixtures';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { machine, mib, percentile } from '../support/figures';

const USERS = Number(process.env.SOAK_USERS ?? 100);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const PHOTO = fixtureSync('rocket.jpg');

const latencies: number[] = [];
const counts = { ok: 0, throttled: 0, errors: 0 };
const errorSamples: string[] = [];

async function timed(label: string, run: () => Promise<number>): Promise<void> {
  const start = performance.now();
  try {
    const status = await run();
    latencies.push(performance.now() - start);
    if (status === 429) counts.throttled++;
    else if (status >= 400) throw new Error(`${label}: ${status}`);
    else counts.ok++;
  } catch (error) {
    counts.errors++;
    if (errorSamples.length < 10) errorSamples.push(String(error));
  }
}

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
  let browser = new Browser();
  await browser.signIn(base, user.username, user.password);
  const { accessToken } = await apiTokens(source, user);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
    const roll = Math.random();
    const at = pick(instances).baseUrl; // the load balancer sends each request anywhere
    if (roll < 0.03) {
      await timed('sign-in', async () => {
        await browser.signOut(at);
        browser = new Browser();
        return (await browser.signIn(at, user.username, user.password)).status;
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
  const idp = await startLocalCognito({
    port: 0,
    userPoolId: 'us-local-1_Photos',
    clientId: 'photos-soak',
    clientSecret,
    callbackUrls: origins.map((origin) => `${origin}/callback`),
    logoutUrls: origins.map((origin) => `${origin}/`),
    users,
    tokenTtlSeconds: 3600,
    refreshTtlSeconds: 3600,
    dataDir,
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
    const source = { baseUrl: origins[0], idp, env: env(ports[0]) };
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
    console.log(
      `${USERS} users, ${seconds.toFixed(0)} s, 2 instances: ${(sorted.length / seconds).toFixed(1)} req/s, ` +
        `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, ` +
        `${counts.ok} ok, ${counts.throttled} throttled (429), ${counts.errors} errors`,
    );
    console.log(
      `RSS MiB instance A ${mib(start[0])} -> ${mib(end[0])}, instance B ${mib(start[1])} -> ${mib(end[1])}`,
    );
    console.log(`RSS every 30 s (A/B): ${samples.join(', ')}`);
    if (errorSamples.length) console.log(`errors: ${errorSamples.join('; ')}`);
  } finally {
    for (const instance of instances) await instance.stop();
    await idp.close();
    await database.drop();
    await globalTeardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
