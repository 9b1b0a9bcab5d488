/**
 * nestjs-pino against Photos' own request logger, on the same tiny Nest app (bench/http/
 * logger-app.ts: GET /json, and GET /log, which also logs one line through Nest's Logger inside
 * the request), each in a process of its own on Photos' Express adapter, logging JSON at level
 * info to /dev/null. This process is the client: autocannon at 20 keep-alive connections.
 *
 * First a sanity check, so that a logger writing nothing cannot win: both servers, logging to a
 * file for one second of load on each route, must answer 200 with an X-Request-Id and write the
 * lines expected (one per request, two for GET /log, the second naming its request), and a given
 * X-Request-Id must be the one logged. Then several runs; in each, 1-second slices go to each
 * route on each server in turn (which server goes first alternates), so machine noise hits both
 * alike. Ratios are worked out within a run, then shown as median and range over runs.
 *
 *   node --require ./bench/register.js bench/http/logger.bench.ts [--runs 6] [--seconds 3]
 *
 * pino-pretty is not measured: it formats development output only (Photos' own development stream
 * and nestjs-pino's README both use it only when not in production). Loopback only; about
 * 4 × (runs × seconds + 4) s plus start-up.
 */
import autocannon from 'autocannon';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort } from '../../src/common/free-port';
import { ChildServer } from '../support/child-server';
import { machine, median, spread } from '../support/figures';
import { IN_REQUEST_MESSAGE, LOGGERS, type LoggerUnderTest } from './logger-app';

const CONNECTIONS = 20;
const WARM_UP_SECONDS = 2;
const ROUTES = ['/json', '/log'] as const;
type Route = (typeof ROUTES)[number];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '3' },
  },
});
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);

interface Slice {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMicros: number;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** The server process's CPU time (user + system) per request, in µs. */
  cpuMicros: number;
}

async function startServer(logger: LoggerUnderTest, logFile: string): Promise<ChildServer> {
  return ChildServer.start({
    name: logger,
    script: 'bench/http/logger-app.ts',
    env: { LOGGER: logger, LOG_FILE: logFile, PORT: String(await findFreePort()) },
  });
}

async function measure(server: ChildServer, route: Route, seconds: number): Promise<Slice> {
  const cpuBefore = await server.cpuMicros();
  const result = await autocannon({
    url: `${server.baseUrl}${route}`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(
      `${server.name} ${route}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMicros: (await server.cpuMicros()) - cpuBefore,
  };
}

/** Throughput and CPU per request over all slices; latency percentiles as the median slice's. */
function combine(slices: Slice[]): Figures {
  const requests = slices.reduce((sum, s) => sum + s.requests, 0);
  return {
    rps: requests / slices.reduce((sum, s) => sum + s.seconds, 0),
    cpuMicros: slices.reduce((sum, s) => sum + s.cpuMicros, 0) / requests,
    p50: median(slices.map((s) => s.p50)),
    p99: median(slices.map((s) => s.p99)),
  };
}

interface LogLine {
  msg?: string;
  req?: { id?: string };
}

/**
 * Both loggers log: one second of load per route on each, to a file, then the file is read. Every
 * request must have its line, GET /log its in-request line too, naming its request; a request
 * sent with an X-Request-Id must be logged and answered under it. Prints bytes per request.
 */
async function sanityCheck(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'logger-bench-'));
  try {
    for (const logger of LOGGERS) {
      const logFile = join(directory, `${logger}.log`);
      const server = await startServer(logger, logFile);
      let requests = 0;
      let logRequests = 0;
      try {
        for (const route of ROUTES) {
          const { requests: answered } = await measure(server, route, 1);
          requests += answered;
          if (route === '/log') logRequests += answered;
        }
        const response = await fetch(`${server.baseUrl}/log`, {
          headers: { 'x-request-id': 'sanity-check-1' },
        });
        requests += 1;
        logRequests += 1;
        if (response.status !== 200 || response.headers.get('x-request-id') !== 'sanity-check-1')
          throw new Error(`${logger}: GET /log answered ${response.status} without its id`);
      } finally {
        await server.stop();
      }
      const text = await readFile(logFile, 'utf8');
      const lines = text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine);
      const inRequest = lines.filter((line) => line.msg === IN_REQUEST_MESSAGE);
      const completed = lines.filter((line) => line.msg?.toLowerCase() === 'request completed');
      const problems = [
        completed.length < requests && `${completed.length} request lines for ${requests} requests`,
        inRequest.length < logRequests &&
          `${inRequest.length} in-request lines for ${logRequests} GET /log`,
        inRequest.some((line) => !line.req?.id) && 'an in-request line without its request id',
        lines.filter((line) => line.req?.id === 'sanity-check-1').length !== 2 &&
          'the given X-Request-Id not on both lines of its request',
      ].filter(Boolean);
      if (problems.length > 0) throw new Error(`${logger} logging: ${problems.join('; ')}`);
      console.log(
        `Sanity: ${logger.padEnd(11)} ${requests} requests answered 200, ${lines.length} lines, ` +
          `${text.length} B logged (${(text.length / requests).toFixed(0)} B per request)`,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

type RunFigures = Map<string, Figures>;
const key = (logger: LoggerUnderTest, route: Route) => `${logger} ${route}`;

/** One run: 1-second slices, each route on each server in turn, who goes first alternating. */
async function oneRun(servers: Map<LoggerUnderTest, ChildServer>): Promise<RunFigures> {
  const slices = new Map<string, Slice[]>();
  for (let slice = 0; slice < SECONDS; slice++)
    for (const route of ROUTES) {
      const order = slice % 2 === 0 ? LOGGERS : [...LOGGERS].reverse();
      for (const logger of order) {
        const measured = await measure(servers.get(logger)!, route, 1);
        slices.set(key(logger, route), [...(slices.get(key(logger, route)) ?? []), measured]);
      }
    }
  return new Map([...slices].map(([name, list]) => [name, combine(list)]));
}

function printSummary(runs: RunFigures[]): void {
  console.log(`\nMedian over ${runs.length} runs (min–max):`);
  for (const route of ROUTES)
    for (const logger of LOGGERS) {
      const all = runs.map((run) => run.get(key(logger, route))!);
      console.log(
        `  ${key(logger, route).padEnd(17)} ${spread(
          all.map((f) => f.rps),
          0,
        ).padStart(18)} req/s   p50 ${spread(
          all.map((f) => f.p50),
          0,
        )} ms   p99 ${spread(
          all.map((f) => f.p99),
          0,
        )} ms   server CPU ${spread(
          all.map((f) => f.cpuMicros),
          0,
        )} µs/req`,
      );
    }
  console.log('nestjs-pino ÷ ours, each within one run: median (min–max)');
  for (const route of ROUTES) {
    const ours = (run: RunFigures) => run.get(key('ours', route))!;
    const theirs = (run: RunFigures) => run.get(key('nestjs-pino', route))!;
    const rps = runs.map((run) => theirs(run).rps / ours(run).rps);
    const perCpu = runs.map((run) => ours(run).cpuMicros / theirs(run).cpuMicros);
    console.log(
      `  GET ${route.padEnd(6)} req/s ${spread(rps, 2)}×   requests per server CPU-second ${spread(perCpu, 2)}×`,
    );
  }
}

async function main(): Promise<void> {
  console.log(machine());
  console.log(`Started ${new Date().toISOString()}`);
  await sanityCheck();
  const servers = new Map<LoggerUnderTest, ChildServer>();
  try {
    for (const logger of LOGGERS) servers.set(logger, await startServer(logger, '/dev/null'));
    console.log(
      `autocannon, ${CONNECTIONS} connections; per run ${SECONDS} s per route and logger in 1-s ` +
        `slices taken in turn; ${RUNS} runs, after ${WARM_UP_SECONDS} s warm-up each`,
    );
    for (const route of ROUTES)
      for (const logger of LOGGERS) await measure(servers.get(logger)!, route, WARM_UP_SECONDS);
    const runs: RunFigures[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const figures = await oneRun(servers);
      for (const [name, f] of figures)
        console.log(
          `run ${run}  ${name.padEnd(17)} ${f.rps.toFixed(0).padStart(6)} req/s` +
            `   p50 ${f.p50.toFixed(0).padStart(3)} ms   p99 ${f.p99.toFixed(0).padStart(3)} ms` +
            `   server CPU ${f.cpuMicros.toFixed(0)} µs/req`,
        );
      runs.push(figures);
    }
    printSummary(runs);
  } finally {
    for (const server of servers.values()) await server.stop();
  }
  console.log(`Finished ${new Date().toISOString()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
