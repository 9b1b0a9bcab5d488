/**
 * Requests per second and latency of the everyday routes, Photos beside the bare stack it is
 * built on (bench/http/baseline-app.ts), in one run, with autocannon at 20 keep-alive connections:
 *   - GET / signed in                 vs the baseline's signed-in page (same size, same PostgreSQL)
 *   - GET /api/photos (bearer token)  vs Photos' own GET /health/live
 *   - GET /myphotos with 24 photos    vs GET / signed in
 *   - GET /s/:token, a shared album of 24 photos, signed out   vs GET /myphotos
 *   - GET /health/live                vs the baseline's JSON route
 *   - GET /api/me (bearer), GET /photos/:id/thumbnail (cookie), for the record
 *   - the same page and JSON on bare NestJS (bench/http/nest-baseline-app.ts), for the record:
 *     what the framework itself costs, apart from what Photos adds
 *   - the baseline again on the HTTP server Photos uses (requests built on Express's prototypes,
 *     src/common/express-adapter.ts), for the record: how much of the difference is that server
 * Each server runs in a process of its own; this process is the client. Several runs; in each, the
 * routes take turns in 1-second slices, so both sides of a ratio meet the same machine load. Each
 * ratio is worked out within a run, then shown as median and range over runs. The server's CPU time
 * per request is shown too (and the same ratios on it): on a shared machine it stays put where
 * requests per second follow the load of everything else.
 *
 *   node --require ./bench/register.js bench/http/requests.bench.ts [--runs 3] [--seconds 5]
 *        [--profile DIR]   also records a CPU profile of Photos per route and prints its top entries
 *        [--only REGEX]    only the routes whose name matches
 *        [--compare DIR]   also runs Photos from another checkout (DIR, with its own node_modules
 *                          or a link to these) on the same database, and measures each Photos
 *                          route on both in the same slices: "this ÷ DIR" per route, per run
 *
 * Built on the test stack (test/support): PostgreSQL, the local Cognito; Photos is built by the
 * shared `createApp` with the stack's environment and the `npm start` log level (info). Loopback
 * only; about (routes × runs × seconds) + 40 s.
 */
import autocannon from 'autocannon';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort } from '../../src/common/free-port';
import { apiTokens } from '../../test/support/api-token';
import { Browser } from '../../test/support/browser';
import { fixture } from '../../test/support/fixtures';
import { DEMO } from '../../test/support/test-stack';
import { uploadThroughApi } from '../support/api-upload';
import { startEverything } from '../support/bench-stack';
import { ChildServer } from '../support/child-server';
import { machine, median, mib, spread } from '../support/figures';
import { formatTop, summariseProfile } from '../support/profile-top';

const CONNECTIONS = 20;
const WARM_UP_SECONDS = 2;
const PHOTOS_ON_PAGE = 24;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    profile: { type: 'string' },
    only: { type: 'string' },
    compare: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);

interface Scenario {
  key: string;
  name: string;
  server: ChildServer;
  path: string;
  headers: Record<string, string>;
  /** Checked once before measuring: the route answers what a user expects. */
  expect: (body: string) => boolean;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** The server process's CPU time per request (ms): what a route costs, whatever else runs. */
  cpuMs: number;
}

/** One autocannon burst: requests answered, seconds taken, latency percentiles (ms). */
interface Slice {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMicros: number;
}

async function measure(scenario: Scenario, seconds: number): Promise<Slice> {
  const cpuBefore = await scenario.server.cpuMicros();
  const result = await autocannon({
    url: `${scenario.server.baseUrl}${scenario.path}`,
    headers: scenario.headers,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(
      `${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  const cpuMicros = (await scenario.server.cpuMicros()) - cpuBefore;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMicros,
  };
}

/** Throughput and CPU per request over all slices; latency percentiles as the median slice's. */
function combine(slices: Slice[]): Figures {
  const requests = slices.reduce((sum, s) => sum + s.requests, 0);
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  const cpuMicros = slices.reduce((sum, s) => sum + s.cpuMicros, 0);
  return {
    rps: requests / seconds,
    cpuMs: cpuMicros / 1000 / requests,
    p50: median(slices.map((s) => s.p50)),
    p99: median(slices.map((s) => s.p99)),
  };
}

/**
 * One run: every route measured in 1-second slices, taken in turn (route 1, route 2, …, route 1,
 * …), so the two sides of each ratio meet the same load from whatever else the machine runs.
 */
async function oneRun(scenarios: Scenario[], seconds: number): Promise<Map<string, Figures>> {
  const slices = new Map<string, Slice[]>(scenarios.map((s) => [s.key, []]));
  for (let slice = 0; slice < seconds; slice++)
    for (const scenario of scenarios) slices.get(scenario.key)!.push(await measure(scenario, 1));
  return new Map(scenarios.map((s) => [s.key, combine(slices.get(s.key)!)]));
}

async function check(scenario: Scenario): Promise<void> {
  const response = await fetch(`${scenario.server.baseUrl}${scenario.path}`, {
    headers: scenario.headers,
  });
  const body = await response.text();
  if (response.status !== 200 || !scenario.expect(body))
    throw new Error(`${scenario.name} answered ${response.status}: ${body.slice(0, 200)}`);
}

const RATIOS: { name: string; of: string; to: string; target?: number }[] = [
  { name: 'GET / signed in ÷ baseline page', of: 'home', to: 'baseline-page', target: 1.0 },
  { name: 'GET /api/photos ÷ GET /health/live', of: 'api-photos', to: 'live', target: 0.5 },
  { name: 'GET /myphotos ÷ GET / signed in', of: 'myphotos', to: 'home', target: 0.5 },
  { name: 'GET /s/:token ÷ GET /myphotos', of: 'share-page', to: 'myphotos', target: 0.8 },
  { name: 'GET /health/live ÷ baseline JSON', of: 'live', to: 'baseline-json', target: 0.6 },
  // For the record: what NestJS alone costs on the same page and JSON, and Photos beside it.
  { name: 'bare Nest page ÷ baseline page', of: 'nest-page', to: 'baseline-page' },
  { name: 'GET / signed in ÷ bare Nest page', of: 'home', to: 'nest-page' },
  { name: 'bare Nest JSON ÷ baseline JSON', of: 'nest-json', to: 'baseline-json' },
  // For the record: the baseline on the HTTP server Photos uses (prototypes prebuilt), which any
  // Express app could adopt; how much of Photos' lead is that server alone.
  { name: 'GET / signed in ÷ prebuilt baseline page', of: 'home', to: 'prebuilt-page' },
  { name: 'GET /health/live ÷ prebuilt baseline JSON', of: 'live', to: 'prebuilt-json' },
];

/** 24 photos for DEMO, through the API as a client would upload them; the last one's id. */
async function seedPhotos(baseUrl: string, token: string): Promise<string> {
  const data = new Blob([new Uint8Array(await fixture('rocket.jpg'))], { type: 'image/jpeg' });
  let id = '';
  for (let n = 0; n < PHOTOS_ON_PAGE; n++)
    id = await uploadThroughApi(baseUrl, token, {
      data,
      name: 'rocket.jpg',
      description: `Photo ${n + 1}`,
    });
  return id;
}

/** An album of the seeded photos, shared by a link without password or expiry: its path. */
async function shareAlbum(baseUrl: string, token: string): Promise<string> {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const listed = await call('GET', `/api/photos?limit=${PHOTOS_ON_PAGE}`);
  const ids = (listed.items as { id: string }[]).map((photo) => photo.id);
  const album = await call('POST', '/api/albums', { name: 'Shared for the benchmark' });
  await call('POST', `/api/albums/${String(album.id)}/photos`, { ids });
  const share = await call('POST', '/api/shares', { albumId: album.id });
  return new URL(String(share.url)).pathname;
}

const isHealthy = (body: string) => body.includes('"status":"ok"');

/** A yardstick's signed-in page and JSON route (keys `baseline-page`, `nest-json`, …). */
function yardstickScenarios(
  key: string,
  name: string,
  server: ChildServer,
  cookie: string,
): Scenario[] {
  return [
    {
      key: `${key}-page`,
      name: `${name} GET / (signed in)`,
      server,
      path: '/',
      headers: { cookie },
      expect: (body) => body.includes('Hello, Demo'),
    },
    {
      key: `${key}-json`,
      name: `${name} GET /json`,
      server,
      path: '/json',
      headers: {},
      expect: isHealthy,
    },
  ];
}

/**
 * Starts a yardstick server (`bench/http/<script>`) on a free port, listed in `servers` at once so
 * it is stopped whatever happens next, and signs in to it: its page and JSON scenarios, and the
 * size of its signed-in page.
 */
async function startYardstick(
  servers: ChildServer[],
  key: string,
  name: string,
  script: string,
  env: Record<string, string>,
): Promise<{ scenarios: Scenario[]; pageBytes: number }> {
  const server = await ChildServer.start({
    name,
    script: `bench/http/${script}`,
    env: { ...env, PORT: String(await findFreePort()) },
  });
  servers.push(server);
  const browser = new Browser();
  const page = (await browser.get(`${server.baseUrl}/sign-in`)).body;
  const cookie = browser.jar.header(`${server.baseUrl}/`)!;
  return { scenarios: yardstickScenarios(key, name, server, cookie), pageBytes: page.length };
}

/** The baseline's page: Photos' own signed-in home page as a template, so both are the same size. */
async function writeBaselineView(directory: string, photosHome: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  const template = photosHome
    .replace(/\{\{/g, '\\{{')
    .replace('Hello, Demo', 'Hello, {{user.nickname}}');
  await writeFile(join(directory, 'home.hbs'), template);
}

async function main(): Promise<void> {
  const running = await startEverything('http', { startApp: false });
  const servers: ChildServer[] = [];
  try {
    const photosEnv = { ...running.env };
    delete (photosEnv as Partial<typeof photosEnv>).LOG_LEVEL; // npm start's default: info
    const photos = await ChildServer.start({
      name: 'Photos',
      script: 'bench/http/photos-server.ts',
      env: photosEnv,
    });
    servers.push(photos);
    const compared = args.compare
      ? await ChildServer.start({
          name: `Photos at ${args.compare}`,
          root: resolve(args.compare),
          script: 'bench/http/photos-server.ts',
          env: { ...photosEnv, PORT: String(await findFreePort()) },
        })
      : undefined;
    if (compared) servers.push(compared);

    const browser = new Browser();
    await browser.signIn(photos.baseUrl, DEMO.username, DEMO.password);
    const cookie = browser.jar.header(`${photos.baseUrl}/`)!;
    const { accessToken } = await apiTokens(running);
    const photoId = await seedPhotos(photos.baseUrl, accessToken);
    const sharePath = await shareAlbum(photos.baseUrl, accessToken);
    const photosHome = (await browser.get(`${photos.baseUrl}/`)).body;

    const views = join(running.stack.dataDir, 'baseline-views');
    await writeBaselineView(views, photosHome);
    const baselineEnv = {
      DATABASE_URL: running.stack.databaseUrl,
      SESSION_SECRET: running.env.SESSION_SECRET,
      BASELINE_VIEWS: views,
    };
    const baseline = await startYardstick(
      servers,
      'baseline',
      'baseline',
      'baseline-app.ts',
      baselineEnv,
    );
    const prebuilt = await startYardstick(
      servers,
      'prebuilt',
      'prebuilt baseline',
      'baseline-app.ts',
      { ...baselineEnv, BASELINE_PREBUILT_PROTOTYPES: '1' },
    );
    const nest = await startYardstick(
      servers,
      'nest',
      'bare Nest',
      'nest-baseline-app.ts',
      baselineEnv,
    );
    const [baselinePage, baselineJson] = baseline.scenarios;
    const [prebuiltPage, prebuiltJson] = prebuilt.scenarios;
    const [nestPage, nestJson] = nest.scenarios;

    const bearer = { authorization: `Bearer ${accessToken}` };
    const all: Scenario[] = [
      baselinePage,
      {
        key: 'home',
        name: 'GET / (signed in)',
        server: photos,
        path: '/',
        headers: { cookie },
        expect: (body) => body.includes('Hello, Demo'),
      },
      {
        key: 'api-photos',
        name: 'GET /api/photos (bearer)',
        server: photos,
        path: '/api/photos',
        headers: bearer,
        expect: (body) => (JSON.parse(body) as { items: unknown[] }).items.length > 0,
      },
      {
        key: 'live',
        name: 'GET /health/live',
        server: photos,
        path: '/health/live',
        headers: {},
        expect: isHealthy,
      },
      nestPage,
      nestJson,
      baselineJson,
      prebuiltPage,
      prebuiltJson,
      {
        key: 'myphotos',
        name: `GET /myphotos (${PHOTOS_ON_PAGE} photos)`,
        server: photos,
        path: '/myphotos',
        headers: { cookie },
        expect: (body) => body.split('/thumbnail"').length > PHOTOS_ON_PAGE,
      },
      {
        key: 'share-page',
        name: `GET /s/:token (album of ${PHOTOS_ON_PAGE}, signed out)`,
        server: photos,
        path: sharePath,
        headers: {},
        expect: (body) => body.split('/thumbnail"').length > PHOTOS_ON_PAGE,
      },
      {
        key: 'api-me',
        name: 'GET /api/me (bearer)',
        server: photos,
        path: '/api/me',
        headers: bearer,
        expect: (body) => body.includes('"username":"demo"'),
      },
      {
        key: 'thumbnail',
        name: 'GET /photos/:id/thumbnail',
        server: photos,
        path: `/photos/${photoId}/thumbnail`,
        headers: { cookie },
        expect: (body) => body.length > 0,
      },
    ];
    const chosen = all.filter((s) => !args.only || new RegExp(args.only).test(s.name));
    const scenarios = compared ? withCompared(chosen, photos, compared) : chosen;
    for (const scenario of scenarios) await check(scenario);

    console.log(machine());
    console.log(
      `autocannon, ${CONNECTIONS} connections; per run ${SECONDS} s per route in 1-s slices taken ` +
        `in turn; ${RUNS} runs, after ${WARM_UP_SECONDS} s warm-up per route. Page sizes: ` +
        `Photos / ${photosHome.length} B, baseline / ${baseline.pageBytes} B`,
    );
    for (const scenario of scenarios) await measure(scenario, WARM_UP_SECONDS);

    const runs: Map<string, Figures>[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const figures = await oneRun(scenarios, SECONDS);
      for (const scenario of scenarios) {
        const f = figures.get(scenario.key)!;
        console.log(
          `run ${run}  ${scenario.name.padEnd(32)} ${f.rps.toFixed(0).padStart(6)} req/s` +
            `   p50 ${f.p50.toFixed(0).padStart(4)} ms   p99 ${f.p99.toFixed(0).padStart(4)} ms` +
            `   server CPU ${f.cpuMs.toFixed(3)} ms/req`,
        );
      }
      runs.push(figures);
    }
    printSummary(scenarios, runs);
    if (compared) printComparison(scenarios, runs);
    for (const server of servers)
      console.log(`Peak RSS of ${server.name}: ${mib(await server.peakRss())} MiB`);
    if (args.profile) await profileEach(scenarios, args.profile);
  } finally {
    for (const server of servers) await server.stop();
    await running.stop();
  }
}

function printSummary(scenarios: Scenario[], runs: Map<string, Figures>[]): void {
  console.log(`\nMedian over ${runs.length} runs (min–max):`);
  for (const scenario of scenarios) {
    const all = runs.map((run) => run.get(scenario.key)!);
    console.log(
      `  ${scenario.name.padEnd(32)} ${spread(
        all.map((f) => f.rps),
        0,
      ).padStart(20)} req/s   p99 ${spread(
        all.map((f) => f.p99),
        0,
      )} ms   server CPU ${spread(
        all.map((f) => f.cpuMs),
        3,
      )} ms/req`,
    );
  }
  console.log('Ratios, each within one run: median (min–max) [target]');
  for (const ratio of RATIOS) {
    const values = runs
      .filter((run) => run.has(ratio.of) && run.has(ratio.to))
      .map((run) => run.get(ratio.of)!.rps / run.get(ratio.to)!.rps);
    if (values.length === 0) continue;
    const verdict =
      ratio.target === undefined
        ? '[for the record]'
        : `[≥ ${ratio.target.toFixed(1)}×, ${median(values) >= ratio.target ? 'met' : 'NOT met'}]`;
    console.log(`  ${ratio.name.padEnd(36)} ${spread(values, 2).padStart(18)}×  ${verdict}`);
  }
  // CPU per request does not depend on how much of the machine the server got: on a shared
  // machine it is the steadier measure of what a route costs. Requests per CPU-second, as ratios.
  console.log('Ratios of requests per server CPU-second, each within one run: median (min–max)');
  for (const ratio of RATIOS) {
    const values = runs
      .filter((run) => run.has(ratio.of) && run.has(ratio.to))
      .map((run) => run.get(ratio.to)!.cpuMs / run.get(ratio.of)!.cpuMs);
    if (values.length === 0) continue;
    console.log(`  ${ratio.name.padEnd(36)} ${spread(values, 2).padStart(18)}×`);
  }
}

const COMPARED = '@compared';

/** Each Photos route twice, this checkout's then the compared one's, taking turns in each run. */
function withCompared(scenarios: Scenario[], photos: ChildServer, compared: ChildServer) {
  return scenarios.flatMap((s) =>
    s.server === photos
      ? [s, { ...s, key: s.key + COMPARED, name: `${s.name} [compared]`, server: compared }]
      : [s],
  );
}

function printComparison(scenarios: Scenario[], runs: Map<string, Figures>[]): void {
  console.log('This checkout ÷ the compared one, each within one run: median (min–max)');
  for (const scenario of scenarios.filter((s) => runs[0].has(s.key + COMPARED))) {
    const other = (run: Map<string, Figures>) => run.get(scenario.key + COMPARED)!;
    const rps = runs.map((run) => run.get(scenario.key)!.rps / other(run).rps);
    const perCpu = runs.map((run) => other(run).cpuMs / run.get(scenario.key)!.cpuMs);
    console.log(
      `  ${scenario.name.padEnd(32)} req/s ${spread(rps, 2)}×   requests per CPU-second ${spread(perCpu, 2)}×`,
    );
  }
}

/** One CPU profile of the server per route (baseline's too), over steady load (no start-up). */
async function profileEach(scenarios: Scenario[], directory: string) {
  await mkdir(directory, { recursive: true });
  for (const scenario of scenarios) {
    const file = join(directory, `${scenario.key}.cpuprofile`);
    scenario.server.startProfile();
    const f = combine([await measure(scenario, SECONDS)]);
    await scenario.server.stopProfile(file);
    const { byPlace, byFunction } = summariseProfile(file, 10);
    console.log(
      `\nProfile of ${scenario.name} (${f.rps.toFixed(0)} req/s while profiled): ${file}`,
    );
    console.log(formatTop('Self time by place:', byPlace));
    console.log(formatTop('Self time by function:', byFunction));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
