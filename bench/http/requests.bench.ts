/**
 * Requests per second and latency of the everyday routes, through the real app over HTTP:
 *   - GET /            signed in: session read from PostgreSQL, token-expiry check, page render
 *   - GET /api/photos  Bearer token verified (RS256, cached JWKS) and a keyset query
 *   - GET /health/ready  the load balancer's probe (a database ping)
 * Each for 5 s with 8 concurrent keep-alive clients, after a 1 s warm-up.
 *
 *   node --require ./bench/register.js bench/http/requests.bench.ts
 *
 * Self-contained (embedded PostgreSQL, local Cognito, the app), bounded (~25 s), loopback only.
 */
import { performance } from 'node:perf_hooks';
import { apiTokens } from '../../test/support/api-token';
import { Browser } from '../../test/support/browser';
import { DEMO } from '../../test/support/test-stack';
import { startEverything } from '../support/bench-stack';
import { machine, mib, percentile, startRssSampler } from '../support/figures';

const CLIENTS = 8;
const SECONDS = 5;
const WARM_UP_SECONDS = 1;

interface Scenario {
  name: string;
  url: string;
  headers: Record<string, string>;
  expect: (body: string) => boolean;
}

/** CLIENTS loops hitting one URL until the time is up; every answer is checked, not just counted. */
async function hammer(scenario: Scenario, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await fetch(scenario.url, { headers: scenario.headers });
      const body = await response.text();
      if (response.status !== 200 || !scenario.expect(body)) {
        throw new Error(`${scenario.name} answered ${response.status}`);
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const running = await startEverything('http');
  try {
    const browser = new Browser();
    await browser.signIn(running.baseUrl, DEMO.username, DEMO.password);
    const cookie = browser.jar.header(`${running.baseUrl}/`)!;
    const { accessToken } = await apiTokens(running);
    const scenarios: Scenario[] = [
      {
        name: 'GET / (signed in)',
        url: `${running.baseUrl}/`,
        headers: { cookie },
        expect: (body) => body.includes('Hello, Demo'),
      },
      {
        name: 'GET /api/photos (Bearer)',
        url: `${running.baseUrl}/api/photos`,
        headers: { authorization: `Bearer ${accessToken}` },
        expect: (body) => body.startsWith('{"items":'),
      },
      {
        name: 'GET /health/ready',
        url: `${running.baseUrl}/health/ready`,
        headers: {},
        expect: (body) => body.includes('"status":"ok"'),
      },
    ];
    console.log(machine());
    console.log(
      `${CLIENTS} concurrent clients, ${SECONDS} s per route after ${WARM_UP_SECONDS} s warm-up`,
    );
    for (const scenario of scenarios) {
      await hammer(scenario, WARM_UP_SECONDS);
      const stopSampler = startRssSampler();
      const latencies = await hammer(scenario, SECONDS);
      const peak = stopSampler();
      const line = [
        scenario.name.padEnd(26),
        `${(latencies.length / SECONDS).toFixed(0).padStart(5)} req/s`,
        `p50 ${percentile(latencies, 50).toFixed(1)} ms`,
        `p95 ${percentile(latencies, 95).toFixed(1)} ms`,
        `p99 ${percentile(latencies, 99).toFixed(1)} ms`,
        `peak RSS ${mib(peak)} MiB`,
      ];
      console.log(line.join('   '));
    }
  } finally {
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
