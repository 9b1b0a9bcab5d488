/**
 * Search (issue 19): GET /api/photos?q=… for one person with 10,000 photos, at 20 keep-alive
 * connections (autocannon), against the target p99 ≤ 20 ms. Beside it in the same run, the plain
 * listing (GET /api/photos, no q, same page size), so each search is also a ratio to it.
 *
 *   node --require ./bench/register.js bench/http/search.bench.ts [--runs 3] [--seconds 5]
 *        [--only REGEX]    only the routes whose name matches
 *
 * Seeding: DEMO (the local Cognito's user, signed in for a real access token) gets 10,000 photos
 * and another owner 10,000 more, by one INSERT … SELECT generate_series each (descriptions from a
 * word list, camera file names, dates taken over ten years, a tenth unknown), then ANALYZE. The
 * files are absent: a listing never reads them. The other owner's rows sit in the same GIN index,
 * so the owner condition has rows to drop.
 *
 * The listing cache (src/photos/listing-cache) would answer a repeated identical request from
 * memory, so the routes measured against the target run on a Photos started with
 * PHOTO_LIST_CACHE_SECONDS=0: every request reads PostgreSQL ("uncached"). A second Photos with
 * the default cache serves the common word and the listing, for the record ("cached"), and the
 * /search page (cookie; it also counts the matches for "Page N of M") is shown uncached, for the
 * record.
 *
 * Several runs; in each, the routes take turns in 1-second slices, so each search and the listing
 * meet the same machine load. Latency percentiles are over every response of the run (not a
 * median of slices); ratios are within a run; the summary is the median (min–max) over runs.
 * Also prints how many photos each search finds, the server's CPU time per request, that of the
 * PostgreSQL backends serving the bench's database (from /proc, Linux only), peak RSS per route,
 * EXPLAIN (ANALYZE, BUFFERS) of the common-word and prefix searches, the indexes every search's
 * plan reads, and those of the /search page's count of matches.
 * About 40 s + routes × runs × seconds.
 */
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { findFreePort } from '../../src/common/free-port';
import { listingStatement, positionStatement } from '../../src/photos/photo-listing-sql';
import { type PhotoFilter, searchWords } from '../../src/photos/photo-listing';
import { DEFAULT_PAGE_SIZE } from '../../src/photos/photo-rules';
import { apiTokens } from '../../test/support/api-token';
import { Browser } from '../../test/support/browser';
import { DEMO } from '../../test/support/test-stack';
import { startEverything } from '../support/bench-stack';
import { PHOTOS_PER_OWNER, seedSearchPhotos } from './search-seed';
import { ChildServer } from '../support/child-server';
import { machine, median, mib, percentile, spread } from '../support/figures';
import { postgresCpuMicros } from '../support/postgres-cpu';

const CONNECTIONS = 20;
const WARM_UP_SECONDS = 2;
const TARGET_P99_MS = 20;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);

/**
 * The queries measured. Planted words: "Beach" in every 4th description, "sunset" in every 6th
 * (both: every 12th), "zeppelin" in 5 photos per owner.
 */
const SEARCHES: { key: string; name: string; query: Record<string, string> }[] = [
  { key: 'common', name: 'q=beach (common word)', query: { q: 'beach' } },
  { key: 'rare', name: 'q=zeppelin (rare word)', query: { q: 'zeppelin' } },
  { key: 'prefix', name: 'q=mou (3-letter prefix)', query: { q: 'mou' } },
  { key: 'two', name: 'q=beach sunset (two words)', query: { q: 'beach sunset' } },
  { key: 'accent', name: 'q=café (accented)', query: { q: 'café' } },
  {
    key: 'dated',
    name: 'q=beach, taken in 2020',
    query: { q: 'beach', takenFrom: '2020-01-01', takenTo: '2020-12-31' },
  },
];

/** The filter GET /api/photos builds from these query fields (photo-input.ts's toFilter). */
function filterOf(query: Record<string, string>): PhotoFilter {
  const day = 24 * 60 * 60 * 1000;
  return {
    words: searchWords(query.q ?? ''),
    from: query.takenFrom ? new Date(`${query.takenFrom}T00:00:00Z`) : undefined,
    until: query.takenTo ? new Date(Date.parse(`${query.takenTo}T00:00:00Z`) + day) : undefined,
  };
}

/** The page statement the repository runs for this search (all columns: `*`), and its count. */
function pageStatement(ownerSub: string, query: Record<string, string>) {
  return listingStatement({
    ownerSub,
    sort: 'taken',
    filter: filterOf(query),
    limit: DEFAULT_PAGE_SIZE + 1,
    columns: '*',
  });
}

async function matches(client: Client, ownerSub: string, query: Record<string, string>) {
  const [sql, parameters] = pageStatement(ownerSub, query);
  const counted = sql
    .replace(/^SELECT \* /, 'SELECT count(*)::int AS n ')
    .replace(/ ORDER BY .*$/, '');
  const { rows } = await client.query<{ n: number }>(counted, parameters.slice(0, -1));
  return rows[0].n;
}

async function explain(client: Client, ownerSub: string, query: Record<string, string>) {
  const [sql, parameters] = pageStatement(ownerSub, query);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    parameters,
  );
  return rows.map((row) => row['QUERY PLAN']);
}

interface Scenario {
  key: string;
  name: string;
  server: ChildServer;
  path: string;
  headers: Record<string, string>;
  expect: (body: string) => boolean;
}

interface Slice {
  requests: number;
  seconds: number;
  /** Every response's latency (ms). */
  latencies: number[];
  cpuMicros: number;
  /** PostgreSQL's backends for the bench's database; NaN where /proc cannot be read. */
  postgresCpuMicros: number;
  peakRss: number;
}

interface Figures {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  cpuMs: number;
  postgresCpuMs: number;
  peakRss: number;
}

function autocannonRun(scenario: Scenario, seconds: number, latencies: number[]) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${scenario.server.baseUrl}${scenario.path}`,
        headers: scenario.headers,
        connections: CONNECTIONS,
        duration: seconds,
      },
      (error: unknown, result) =>
        error
          ? reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
          : resolve(result),
    );
    instance.on('response', (_client, _status, _bytes, responseTime: number) =>
      latencies.push(responseTime),
    );
  });
}

/** One route for `seconds`; `databaseUrl` names the database whose backends' CPU is counted. */
async function measure(scenario: Scenario, seconds: number, databaseUrl: string): Promise<Slice> {
  const cpuBefore = await scenario.server.cpuMicros();
  const postgresBefore = postgresCpuMicros(databaseUrl) ?? NaN;
  await scenario.server.peakRss(); // starts this slice's own peak
  const latencies: number[] = [];
  const result = await autocannonRun(scenario, seconds, latencies);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(
      `${scenario.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  return {
    requests: result.requests.total,
    seconds: result.duration,
    latencies,
    cpuMicros: (await scenario.server.cpuMicros()) - cpuBefore,
    postgresCpuMicros: (postgresCpuMicros(databaseUrl) ?? NaN) - postgresBefore,
    peakRss: await scenario.server.peakRss(),
  };
}

function combine(slices: Slice[]): Figures {
  const requests = slices.reduce((sum, s) => sum + s.requests, 0);
  const seconds = slices.reduce((sum, s) => sum + s.seconds, 0);
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  return {
    rps: requests / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    cpuMs: slices.reduce((sum, s) => sum + s.cpuMicros, 0) / 1000 / requests,
    postgresCpuMs: slices.reduce((sum, s) => sum + s.postgresCpuMicros, 0) / 1000 / requests,
    peakRss: Math.max(...slices.map((s) => s.peakRss)),
  };
}

/** Every route in 1-second slices, taken in turn, so all meet the same machine load. */
async function oneRun(
  scenarios: Scenario[],
  seconds: number,
  databaseUrl: string,
): Promise<Map<string, Figures>> {
  const slices = new Map<string, Slice[]>(scenarios.map((s) => [s.key, []]));
  for (let slice = 0; slice < seconds; slice++)
    for (const scenario of scenarios)
      slices.get(scenario.key)!.push(await measure(scenario, 1, databaseUrl));
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

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const apiPath = (query: Record<string, string>) =>
  `/api/photos?${new URLSearchParams({ limit: String(DEFAULT_PAGE_SIZE), ...query }).toString()}`;

/** A JSON page holding `expected` items (a full page, or every match when fewer). */
const pageOf = (expected: number) => (body: string) =>
  (JSON.parse(body) as { items: unknown[] }).items.length === expected;

async function main(): Promise<void> {
  console.log(`Load average before (1, 5, 15 min): ${load()}`);
  const running = await startEverything('search', { startApp: false });
  const servers: ChildServer[] = [];
  const client = new Client({ connectionString: running.stack.databaseUrl });
  try {
    const photosEnv = { ...running.env };
    delete (photosEnv as Partial<typeof photosEnv>).LOG_LEVEL; // npm start's default: info
    const uncached = await ChildServer.start({
      name: 'Photos (uncached)',
      script: 'bench/http/photos-server.ts',
      env: { ...photosEnv, PHOTO_LIST_CACHE_SECONDS: '0' },
    });
    servers.push(uncached);
    // Migrations ran as the first one started; the second finds them done.
    const cached = await ChildServer.start({
      name: 'Photos (cached)',
      script: 'bench/http/photos-server.ts',
      env: { ...photosEnv, PORT: String(await findFreePort()) },
    });
    servers.push(cached);

    const { accessToken } = await apiTokens(running);
    const demoSub = (
      JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as {
        sub: string;
      }
    ).sub;
    await client.connect();
    await seedSearchPhotos(client, { sub: demoSub, username: DEMO.username });
    const browser = new Browser();
    await browser.signIn(uncached.baseUrl, DEMO.username, DEMO.password);
    const cookie = browser.jar.header(`${uncached.baseUrl}/`)!;

    const bearer = { authorization: `Bearer ${accessToken}` };
    const found = new Map<string, number>();
    for (const search of SEARCHES)
      found.set(search.key, await matches(client, demoSub, search.query));
    const page = (key: string) => pageOf(Math.min(found.get(key)!, DEFAULT_PAGE_SIZE));

    const searches: Scenario[] = SEARCHES.map((search) => ({
      key: search.key,
      name: search.name,
      server: uncached,
      path: apiPath(search.query),
      headers: bearer,
      expect: page(search.key),
    }));
    const all: Scenario[] = [
      {
        key: 'list',
        name: 'no q (plain listing)',
        server: uncached,
        path: apiPath({}),
        headers: bearer,
        expect: pageOf(DEFAULT_PAGE_SIZE),
      },
      ...searches,
      {
        key: 'cached-list',
        name: 'no q, cached',
        server: cached,
        path: apiPath({}),
        headers: bearer,
        expect: pageOf(DEFAULT_PAGE_SIZE),
      },
      {
        key: 'cached-common',
        name: 'q=beach, cached',
        server: cached,
        path: apiPath({ q: 'beach' }),
        headers: bearer,
        expect: page('common'),
      },
      {
        key: 'search-page',
        name: 'GET /search?q=beach page',
        server: uncached,
        path: '/search?q=beach',
        headers: { cookie },
        expect: (body) => body.split('/thumbnail"').length > DEFAULT_PAGE_SIZE,
      },
    ];
    const scenarios = all.filter((s) => !args.only || new RegExp(args.only).test(s.name));
    for (const scenario of scenarios) await check(scenario);

    console.log(machine());
    console.log(
      `DEMO has ${PHOTOS_PER_OWNER.toLocaleString('en')} photos, another owner as many; ` +
        `${DEFAULT_PAGE_SIZE} per page. Photos found for DEMO: ` +
        SEARCHES.map(
          (s) => `${s.query.q}${s.query.takenFrom ? ' (2020)' : ''} ${found.get(s.key)}`,
        ).join(', '),
    );
    console.log(
      `autocannon, ${CONNECTIONS} connections; per run ${SECONDS} s per route in 1-s slices ` +
        `taken in turn; ${RUNS} runs, after ${WARM_UP_SECONDS} s warm-up per route. ` +
        `"uncached": PHOTO_LIST_CACHE_SECONDS=0, every request reads PostgreSQL; ` +
        `"cached": the default 5 s listing cache.`,
    );
    for (const scenario of scenarios)
      await measure(scenario, WARM_UP_SECONDS, running.stack.databaseUrl);

    const runs: Map<string, Figures>[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const figures = await oneRun(scenarios, SECONDS, running.stack.databaseUrl);
      for (const scenario of scenarios)
        printRow(`run ${run}`, scenario, figures.get(scenario.key)!);
      runs.push(figures);
    }
    printSummary(scenarios, runs);
    for (const key of ['common', 'prefix']) {
      const search = SEARCHES.find((s) => s.key === key)!;
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the page statement, ${search.name}:`);
      for (const line of await explain(client, demoSub, search.query)) console.log(`  ${line}`);
    }
    console.log('\nIndexes each search plan reads:');
    for (const search of SEARCHES)
      printScans(search.name, await explain(client, demoSub, search.query));
    // What the /search page adds: "Page N of M" counts every match (photos' own statement).
    const [countSql, countParameters] = positionStatement(
      demoSub,
      'taken',
      filterOf({ q: 'beach' }),
      undefined,
    );
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${countSql}`,
      countParameters,
    );
    printScans(
      '/search count, q=beach',
      rows.map((row) => row['QUERY PLAN']),
    );
  } finally {
    await client.end().catch(() => undefined);
    for (const server of servers) await server.stop();
    await running.stop();
    console.log(`Load average after (1, 5, 15 min): ${load()}`);
  }
}

function printScans(name: string, plan: string[]): void {
  const scans = plan
    .map((line) =>
      /(Bitmap Index Scan on|Index Scan using|Index Only Scan using|Seq Scan on) (\S+)/.exec(line),
    )
    .filter((match) => match !== null)
    .map((match) => `${match[1]} ${match[2]}`);
  const time = plan.find((line) => line.startsWith('Execution Time'));
  console.log(`  ${name.padEnd(28)} ${scans.join('; ')}   (${time})`);
}

function printRow(label: string, scenario: Scenario, f: Figures): void {
  console.log(
    `${label}  ${scenario.name.padEnd(28)} ${f.rps.toFixed(0).padStart(6)} req/s` +
      `   p50 ${f.p50.toFixed(1).padStart(5)}   p90 ${f.p90.toFixed(1).padStart(5)}` +
      `   p99 ${f.p99.toFixed(1).padStart(5)} ms   CPU ${f.cpuMs.toFixed(2)} ms/req` +
      `   PostgreSQL ${f.postgresCpuMs.toFixed(2)} ms/req` +
      `   RSS ${mib(f.peakRss)} MiB`,
  );
}

function printSummary(scenarios: Scenario[], runs: Map<string, Figures>[]): void {
  console.log(`\nMedian over ${runs.length} runs (min–max):`);
  for (const scenario of scenarios) {
    const all = runs.map((run) => run.get(scenario.key)!);
    const of = (pick: (f: Figures) => number, digits = 1) => spread(all.map(pick), digits);
    console.log(
      `  ${scenario.name.padEnd(28)} ${of((f) => f.rps, 0).padStart(16)} req/s` +
        `   p50 ${of((f) => f.p50)}   p90 ${of((f) => f.p90)}   p99 ${of((f) => f.p99)} ms` +
        `   CPU ${of((f) => f.cpuMs, 2)} ms/req   PostgreSQL ${of((f) => f.postgresCpuMs, 2)} ms/req   peak RSS ${mib(Math.max(...all.map((f) => f.peakRss)))} MiB`,
    );
  }
  console.log(
    `Each uncached search against the target (p99 ≤ ${TARGET_P99_MS} ms, median of runs) and ` +
      'as a ratio to the plain listing within each run (req/s, and p99):',
  );
  for (const scenario of scenarios.filter((s) => SEARCHES.some((q) => q.key === s.key))) {
    const withList = runs.filter((run) => run.has('list'));
    const p99 = median(runs.map((run) => run.get(scenario.key)!.p99));
    const rps = withList.map((run) => run.get(scenario.key)!.rps / run.get('list')!.rps);
    const slower = withList.map((run) => run.get(scenario.key)!.p99 / run.get('list')!.p99);
    console.log(
      `  ${scenario.name.padEnd(28)} p99 ${p99.toFixed(1).padStart(5)} ms ` +
        `[${p99 <= TARGET_P99_MS ? 'met' : 'NOT met'}]` +
        (rps.length
          ? `   req/s ÷ listing ${spread(rps, 2)}×   p99 ÷ listing ${spread(slower, 2)}×`
          : ''),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
