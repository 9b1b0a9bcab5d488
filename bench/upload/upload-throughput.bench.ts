/**
 * Upload throughput through the real app over HTTP: 4 clients upload rocket.jpg (640x427 JPEG)
 * concurrently to POST /api/photos with a Bearer token, 40 uploads in all.
 *
 *   node --require ./bench/register.js bench/upload/upload-throughput.bench.ts
 *
 * Self-contained: starts an embedded PostgreSQL, the local Cognito and the app (the same
 * `createApp` main.ts uses) in a temporary directory, gets a token with the authorization-code
 * flow, and stops everything at the end. Prints figures only (no pass/fail); runtime < 1 minute.
 * The peak RSS is the whole process: app, PostgreSQL client pools and the 4 clients together
 * (PostgreSQL itself runs in its own processes and is not counted).
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory';
import { findFreePort } from '../../src/common/free-port';
import { loadAppConfig } from '../../src/config/load-app-config';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import {
  type RunningLocalCognito,
  startLocalCognito,
} from '../../src/local-cognito/local-cognito.server';
import { apiTokens } from '../../test/support/api-token';
import { DEMO } from '../../test/support/test-stack';

const FIXTURE_PATH = join(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'fixtures',
  'photos',
  'rocket.jpg',
);
const CLIENTS = 4;
const UPLOADS = 40;
const WARM_UP = 4;
const RSS_SAMPLE_MS = 5;

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** Nearest-rank percentile of an ascending list. */
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function startRssSampler(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}

interface Running {
  baseUrl: string;
  idp: RunningLocalCognito;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** PostgreSQL, the local Cognito and the app, as TestStack starts them, but standalone. */
async function startEverything(): Promise<Running> {
  const dir = await mkdtemp(join(tmpdir(), 'photos-bench-upload-'));
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

async function uploadOnce(baseUrl: string, token: string, photo: Blob, n: number): Promise<number> {
  const form = new FormData();
  form.append('description', `Bench upload ${n}`);
  form.append('photo', photo, 'rocket.jpg');
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`Upload ${n} answered ${response.status}`);
  return performance.now() - started;
}

/** CLIENTS loops, each taking the next upload number until UPLOADS are done. */
async function runClients(baseUrl: string, token: string, photo: Blob): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const client = async () => {
    for (let n = next++; n < UPLOADS; n = next++)
      latencies.push(await uploadOnce(baseUrl, token, photo, n));
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const photo = new Blob([new Uint8Array(await readFile(FIXTURE_PATH))], { type: 'image/jpeg' });
  const running = await startEverything();
  try {
    const { accessToken } = await apiTokens(running);
    for (let i = 0; i < WARM_UP; i++) await uploadOnce(running.baseUrl, accessToken, photo, -1 - i);

    const rssBefore = process.memoryUsage.rss();
    const stopSampler = startRssSampler();
    const started = performance.now();
    const latencies = await runClients(running.baseUrl, accessToken, photo);
    const seconds = (performance.now() - started) / 1000;
    const peakRss = stopSampler();

    console.log(
      `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`,
    );
    console.log(
      `${UPLOADS} uploads of rocket.jpg (${photo.size} bytes), ${CLIENTS} concurrent clients, after ${WARM_UP} warm-up`,
    );
    console.log(
      `Throughput: ${(UPLOADS / seconds).toFixed(1)} uploads/s (${seconds.toFixed(2)} s in all)`,
    );
    console.log(
      `Latency:    p50 ${percentile(latencies, 50).toFixed(0)} ms   p95 ${percentile(latencies, 95).toFixed(0)} ms   max ${latencies[latencies.length - 1].toFixed(0)} ms`,
    );
    console.log(`Peak RSS:   ${mib(peakRss)} MiB (${mib(rssBefore)} MiB before the run)`);
  } finally {
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
