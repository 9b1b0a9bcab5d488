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
import { performance } from 'node:perf_hooks';
import { apiTokens } from '../../test/support/api-token';
import { fixture } from '../../test/support/fixtures';
import { uploadThroughApi } from '../support/api-upload';
import { startEverything } from '../support/bench-stack';
import { machine, mib, percentile, startRssSampler } from '../support/figures';

const CLIENTS = 4;
const UPLOADS = 40;
const WARM_UP = 4;

async function uploadOnce(baseUrl: string, token: string, photo: Blob, n: number): Promise<number> {
  const started = performance.now();
  await uploadThroughApi(baseUrl, token, {
    data: photo,
    name: 'rocket.jpg',
    description: `Bench upload ${n}`,
  });
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
  const photo = new Blob([new Uint8Array(await fixture('rocket.jpg'))], { type: 'image/jpeg' });
  const running = await startEverything('upload');
  try {
    const { accessToken } = await apiTokens(running);
    for (let i = 0; i < WARM_UP; i++) await uploadOnce(running.baseUrl, accessToken, photo, -1 - i);

    const rssBefore = process.memoryUsage.rss();
    const stopSampler = startRssSampler();
    const started = performance.now();
    const latencies = await runClients(running.baseUrl, accessToken, photo);
    const seconds = (performance.now() - started) / 1000;
    const peakRss = stopSampler();

    console.log(machine());
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
