/**
 * Uploads of a 12-megapixel photo (large-12mp.jpg, 4032x3024 JPEG) under load, through the real
 * app over HTTP: uploads per second with 4 concurrent clients, and the server's peak RSS with 16.
 * Several variants of the server side by side in one run, each in a fresh process of its own
 * (bench/http/photos-server.ts, so the figures are the server's alone, clients excluded):
 *
 *   queue      this tree as configured by default (IMAGE_CONCURRENCY = one per core)
 *   unbounded  this tree with IMAGE_CONCURRENCY=64: no queue in effect (today's behaviour)
 *   arena2     this tree, default queue, with MALLOC_ARENA_MAX=2 in the environment
 *   tuned      as arena2, plus MALLOC_MMAP_THRESHOLD_=131072 (large buffers go back to the OS)
 *   serial     this tree with IMAGE_CONCURRENCY=1
 *   arena1     this tree, default queue, with MALLOC_ARENA_MAX=1 (every thread shares one arena)
 *   uv2        this tree, default queue, with UV_THREADPOOL_SIZE=2 (fewer threads, fewer arenas)
 *   arena1c3   arena1 with IMAGE_CONCURRENCY=3 (one pipeline more than cores, here); arena1c4: 4
 *   arena1uv8  arena1 with UV_THREADPOOL_SIZE=8 (file I/O does not wait behind the pipelines)
 *   before     another checkout (--before=DIR), e.g. main before the queue and the disk spool:
 *                mkdir /tmp/photos-before && git archive <commit> | tar -x -C /tmp/photos-before
 *                ln -s "$PWD/node_modules" /tmp/photos-before/node_modules
 *
 *   node --require ./bench/register.js bench/upload/upload-load.bench.ts \
 *     [--runs=3] [--variants=queue,unbounded,before] [--before=/tmp/photos-before]
 *     [--profile=DIR]   a CPU profile of each variant's 4-client phase (first run), top entries
 *     [--photo=FILE] [--uploads-4=40] [--uploads-16=48]
 *
 * Runs alternate the variants (before, queue, unbounded, before, queue, …) so drift in the shared
 * machine's load spreads over all of them. Prints figures only; about 30 s per variant and run.
 */
import { Client } from 'pg';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { apiTokens } from '../../test/support/api-token';
import { fixture } from '../../test/support/fixtures';
import { uploadThroughApi } from '../support/api-upload';
import { startEverything } from '../support/bench-stack';
import { ChildServer } from '../support/child-server';
import { machine, mib } from '../support/figures';
import { formatTop, summariseProfile } from '../support/profile-top';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    variants: { type: 'string', default: 'before,queue,unbounded' },
    before: { type: 'string', default: '/tmp/photos-before' },
    /** Another photo to upload instead of large-12mp.jpg (e.g. a 49-megapixel one). */
    photo: { type: 'string' },
    /** Uploads in the 4-client and in the 16-client phase. */
    'uploads-4': { type: 'string', default: '40' },
    'uploads-16': { type: 'string', default: '48' },
    /** Records a CPU profile of each variant's 4-client phase in the first run, into this folder. */
    profile: { type: 'string' },
  },
});

const FIXTURE = args.photo ? basename(args.photo) : 'large-12mp.jpg';
/** How long the server idles after the 16 clients before its RSS counts as "retained". */
const SETTLE_MS = 3000;
const WARM_UP = 4;
const THROUGHPUT = { clients: 4, uploads: Number(args['uploads-4']) };
const MEMORY = { clients: 16, uploads: Number(args['uploads-16']) };

interface Variant {
  name: string;
  root: string;
  env: Record<string, string>;
}

const THIS_TREE = join(__dirname, '..', '..');
const VARIANTS: Record<string, Variant> = {
  queue: { name: 'queue', root: THIS_TREE, env: {} },
  unbounded: { name: 'unbounded', root: THIS_TREE, env: { IMAGE_CONCURRENCY: '64' } },
  arena2: { name: 'arena2', root: THIS_TREE, env: { MALLOC_ARENA_MAX: '2' } },
  tuned: {
    name: 'tuned',
    root: THIS_TREE,
    env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' },
  },
  serial: { name: 'serial', root: THIS_TREE, env: { IMAGE_CONCURRENCY: '1' } },
  arena1: { name: 'arena1', root: THIS_TREE, env: { MALLOC_ARENA_MAX: '1' } },
  arena1c3: {
    name: 'arena1c3',
    root: THIS_TREE,
    env: { MALLOC_ARENA_MAX: '1', IMAGE_CONCURRENCY: '3' },
  },
  arena1uv8: {
    name: 'arena1uv8',
    root: THIS_TREE,
    env: { MALLOC_ARENA_MAX: '1', UV_THREADPOOL_SIZE: '8' },
  },
  arena1c4: {
    name: 'arena1c4',
    root: THIS_TREE,
    env: { MALLOC_ARENA_MAX: '1', IMAGE_CONCURRENCY: '4' },
  },
  uv2: { name: 'uv2', root: THIS_TREE, env: { UV_THREADPOOL_SIZE: '2' } },
  before: { name: 'before', root: args.before, env: {} },
};

async function uploadOnce(baseUrl: string, token: string, photo: Blob): Promise<void> {
  await uploadThroughApi(baseUrl, token, {
    data: photo,
    name: FIXTURE,
    description: 'Bench upload',
  });
}

/** `clients` loops sharing `uploads` uploads; returns uploads per second. */
async function load(
  baseUrl: string,
  token: string,
  photo: Blob,
  { clients, uploads }: { clients: number; uploads: number },
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next++ < uploads) await uploadOnce(baseUrl, token, photo);
  };
  await Promise.all(Array.from({ length: clients }, client));
  return uploads / ((performance.now() - started) / 1000);
}

interface Figures {
  /** Peak while the warm-up uploads ran one at a time. */
  peakRssOneAtATime: number;
  uploadsPerSecond4: number;
  uploadsPerSecond16: number;
  peakRss16: number;
  peakRss4: number;
  /** RSS once the server has idled for SETTLE_MS after the 16 clients. */
  retainedRss: number;
}

async function measure(
  variant: Variant,
  env: Record<string, string>,
  token: string,
  photo: Blob,
  profileFile?: string,
): Promise<Figures> {
  // Every variant on the stack's own port in turn (its BASE_URL), one process at a time.
  // Started from the variant's own sources and register hook.
  const app = await ChildServer.start({
    name: variant.name,
    script: join('bench', 'http', 'photos-server.ts'),
    root: variant.root,
    env: { ...env, ...variant.env },
  });
  const baseUrl = env.BASE_URL;
  try {
    for (let i = 0; i < WARM_UP; i++) await uploadOnce(baseUrl, token, photo);
    const peakRssOneAtATime = await app.peakRss();
    if (profileFile) app.startProfile();
    const uploadsPerSecond4 = await load(baseUrl, token, photo, THROUGHPUT);
    if (profileFile) await app.stopProfile(profileFile);
    const peakRss4 = await app.peakRss();
    const uploadsPerSecond16 = await load(baseUrl, token, photo, MEMORY);
    const peakRss16 = await app.peakRss();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const retainedRss = await app.peakRss();
    return {
      peakRssOneAtATime,
      uploadsPerSecond4,
      uploadsPerSecond16,
      peakRss16,
      peakRss4,
      retainedRss,
    };
  } finally {
    await app.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const spread = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

/**
 * A checkout of another commit migrates to its own schema: it gets a database of its own on the
 * same server (this tree's migrations would otherwise have moved the shared one past it).
 */
async function databaseOf(variant: Variant, databaseUrl: string): Promise<string> {
  if (variant.root === THIS_TREE) return databaseUrl;
  const name = `bench_${variant.name}`;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function printProfiles(variants: Variant[], directory: string): void {
  for (const variant of variants) {
    const file = join(directory, `${variant.name}.cpuprofile`);
    const { byPlace, byFunction } = summariseProfile(file, 12);
    console.log(`\nProfile of ${variant.name}, 4 clients, run 1: ${file}`);
    console.log(formatTop('Self time by place:', byPlace));
    console.log(formatTop('Self time by function:', byFunction));
  }
}

async function main(): Promise<void> {
  const variants = args.variants.split(',').map((name) => {
    const variant = VARIANTS[name];
    if (!variant) throw new Error(`Unknown variant ${name}`);
    return variant;
  });
  const runs = Number(args.runs);
  if (args.profile) await mkdir(args.profile, { recursive: true });
  const bytes = args.photo ? await readFile(args.photo) : await fixture(FIXTURE);
  const photo = new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
  const running = await startEverything('upload-load', {
    startApp: false,
    // One user sends every upload here: the per-user cap must not refuse the 16 clients.
    env: { UPLOADS_MAX_IN_PROGRESS_PER_USER: '32', UPLOADS_MAX_IN_PROGRESS: '32' },
  });
  try {
    const env = { ...running.env };
    delete (env as Partial<typeof env>).LOG_LEVEL; // npm start's default: info
    const { accessToken } = await apiTokens(running);

    const results = new Map<string, Figures[]>(variants.map((v) => [v.name, []]));
    for (let run = 1; run <= runs; run++) {
      for (const variant of variants) {
        const databaseUrl = await databaseOf(variant, env.DATABASE_URL);
        const figures = await measure(
          variant,
          { ...env, DATABASE_URL: databaseUrl },
          accessToken,
          photo,
          run === 1 && args.profile ? join(args.profile, `${variant.name}.cpuprofile`) : undefined,
        );
        results.get(variant.name)!.push(figures);
        console.log(
          `run ${run} ${variant.name.padEnd(10)} one at a time: peak RSS ${mib(figures.peakRssOneAtATime)} MiB   4 clients ${figures.uploadsPerSecond4.toFixed(2)} uploads/s (peak RSS ${mib(figures.peakRss4)} MiB)   16 clients ${figures.uploadsPerSecond16.toFixed(2)} uploads/s, peak RSS ${mib(figures.peakRss16)} MiB, then ${mib(figures.retainedRss)} MiB`,
        );
      }
    }

    if (args.profile) printProfiles(variants, args.profile);
    console.log(`\n${machine()}`);
    console.log(
      `${FIXTURE} (${photo.size} bytes): ${THROUGHPUT.uploads} uploads by ${THROUGHPUT.clients} clients, then ${MEMORY.uploads} by ${MEMORY.clients}, after ${WARM_UP} warm-up; ${runs} runs; server process RSS only`,
    );
    const reference = results.get(variants[0].name)!;
    for (const variant of variants) {
      const figures = results.get(variant.name)!;
      const rate4 = figures.map((f) => f.uploadsPerSecond4);
      const ratio4 = figures.map((f, i) => f.uploadsPerSecond4 / reference[i].uploadsPerSecond4);
      const rss16 = figures.map((f) => f.peakRss16 / 2 ** 20);
      const retained = figures.map((f) => f.retainedRss / 2 ** 20);
      console.log(
        `${variant.name.padEnd(10)} 4 clients: ${median(rate4).toFixed(2)} uploads/s (${spread(rate4, 2)}), ×${median(ratio4).toFixed(2)} of ${variants[0].name} (${spread(ratio4, 2)})   16 clients: peak RSS ${median(rss16).toFixed(0)} MiB (${spread(rss16, 0)}), ${median(figures.map((f) => f.uploadsPerSecond16)).toFixed(2)} uploads/s, ${median(retained).toFixed(0)} MiB after`,
      );
    }
  } finally {
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
