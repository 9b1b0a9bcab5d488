/**
 * The in-memory caches and the hashing queue on their own, this checkout's beside another's (`--compare DIR`, e.g.
 * a worktree of main with a `node_modules` link), in one process and the same slices: the
 * verified-token cache (src/auth/tokens/verified-token-cache.ts) and the listing cache
 * (src/photos/listing-cache/photo-listing-cache.ts). It isolates what the request benches
 * (bench/verify, bench/http) cannot tell apart from the machine's noise: the cost of a lookup.
 *
 *   - token hits:     200 tokens kept, each looked up in turn (an API client reusing its token)
 *   - token unique:   6,000 tokens in a cycle, more than the 5,000 kept: a miss and an offer each
 *   - listing hits:   1,000 owners' first pages kept, each found in turn
 *   - listing churn:  a new owner's page stored each time into a full 16 MiB budget (evicting the
 *                     least recently used), then found
 *   - listing invalidate: a page stored and its owner's pages dropped, as every write does, with
 *                     1,000 other owners' pages kept
 *   - hashing queue:  64 trivial jobs at a time through the local Cognito's HashingQueue(1, 32)
 *                     (those over its bound refused), a batch after another: the queue's own cost
 *
 * Each run times every (checkout, workload) pair for `seconds` each, in 50 ms slices taken in
 * turn, so a change in the machine's load hits both alike; the ratio is worked out within a run,
 * and shown as median and range over runs.
 *
 *   node --require ./bench/register.js bench/libraries/libraries.bench.ts --compare DIR [--runs 5] [--seconds 1]
 */
import { generateKeyPairSync } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machine } from '../support/figures';

const { values: args } = parseArgs({
  options: {
    compare: { type: 'string' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '1' },
  },
});
if (!args.compare) throw new Error('--compare DIR: the other checkout to measure beside this one');
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);
const SLICE_MS = 50;
const NOW = 1_800_000_000_000;

interface TokenCache {
  get(token: string, now: number): unknown;
  set(token: string, entry: unknown): void;
}
interface ListingCache {
  resume(): void;
  ticket(): unknown;
  find(kind: unknown, owner: string, page: string): unknown;
  store(kind: unknown, ticket: unknown, owner: string, page: string, value: unknown): void;
  invalidate(owner: string): void;
}
interface HashingQueue {
  run<T>(work: () => Promise<T>): Promise<T>;
}
interface Checkout {
  name: string;
  tokenCache: new (capacity: number) => TokenCache;
  listingCache: new (options: { ttlSeconds: number; now: () => number }) => ListingCache;
  hashingQueue: new (concurrency: number, maxWaiting: number) => HashingQueue;
}

function checkout(name: string, dir: string): Checkout {
  /* eslint-disable @typescript-eslint/no-require-imports -- each checkout's own source, by path */
  const tokens = require(join(dir, 'src/auth/tokens/verified-token-cache.ts')) as {
    VerifiedTokenCache: Checkout['tokenCache'];
  };
  const listing = require(join(dir, 'src/photos/listing-cache/photo-listing-cache.ts')) as {
    PhotoListingCache: Checkout['listingCache'];
  };
  const hashing = require(join(dir, 'packages/local-cognito/src/users/hashing-queue.ts')) as {
    HashingQueue: Checkout['hashingQueue'];
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    name,
    tokenCache: tokens.VerifiedTokenCache,
    listingCache: listing.PhotoListingCache,
    hashingQueue: hashing.HashingQueue,
  };
}

const { publicKey } = generateKeyPairSync('ed25519');
const token = (i: number) => `eyJhbGciOi.payload-${i}.signature-${i.toString(36).padStart(8, '0')}`;
const verified = (i: number) => ({
  claims: { sub: `sub-${i}` },
  kid: 'k',
  key: publicKey,
  refusedFromMs: NOW + 3_600_000,
});
/** About the size of a 24-photo API answer (the listing cache's budget counts 2 bytes a char). */
const ANSWER = { body: 'x'.repeat(6_000), etag: 'W/"1"' };
const KIND = { name: 'api', bytesOf: () => 2 * 6_005 };

/**
 * A workload: a fresh state per checkout, and one operation on it (i counts up); an async one
 * (`batch`) runs a batch of operations and answers how many it did.
 */
interface Workload {
  name: string;
  prepare(c: Checkout): (i: number) => void;
  batch?: (c: Checkout) => () => Promise<number>;
}

const WORKLOADS: Workload[] = [
  {
    name: 'token hits',
    prepare: (c) => {
      const cache = new c.tokenCache(5_000);
      const texts = Array.from({ length: 200 }, (_, i) => token(i));
      for (const text of [...texts, ...texts]) cache.set(text, verified(0));
      return (i) => {
        if (!cache.get(texts[i % 200], NOW)) throw new Error('token hits: a miss');
      };
    },
  },
  {
    name: 'token unique',
    prepare: (c) => {
      const cache = new c.tokenCache(5_000);
      const texts = Array.from({ length: 6_000 }, (_, i) => token(i));
      return (i) => {
        const text = texts[i % 6_000];
        if (!cache.get(text, NOW)) cache.set(text, verified(i));
      };
    },
  },
  {
    name: 'listing hits',
    prepare: (c) => {
      const cache = new c.listingCache({ ttlSeconds: 3_600, now: () => NOW });
      cache.resume();
      for (let o = 0; o < 1_000; o++)
        cache.store(KIND, cache.ticket(), `owner-${o}`, '24/', ANSWER);
      return (i) => {
        if (!cache.find(KIND, `owner-${i % 1_000}`, '24/')) throw new Error('listing hits: a miss');
      };
    },
  },
  {
    name: 'listing churn',
    prepare: (c) => {
      const cache = new c.listingCache({ ttlSeconds: 3_600, now: () => NOW });
      cache.resume();
      return (i) => {
        const owner = `owner-${i}`;
        cache.store(KIND, cache.ticket(), owner, '24/', ANSWER);
        cache.find(KIND, owner, '24/');
      };
    },
  },
  {
    name: 'listing invalidate',
    prepare: (c) => {
      const cache = new c.listingCache({ ttlSeconds: 3_600, now: () => NOW });
      cache.resume();
      // Other owners' pages kept meanwhile, as on a server in use (an empty cache is a corner case).
      for (let o = 1_000; o < 2_000; o++)
        cache.store(KIND, cache.ticket(), `owner-${o}`, '24/', ANSWER);
      return (i) => {
        const owner = `owner-${i % 1_000}`;
        cache.store(KIND, cache.ticket(), owner, '24/', ANSWER);
        cache.invalidate(owner);
      };
    },
  },
  {
    name: 'hashing queue',
    prepare: () => () => undefined,
    batch: (c) => {
      const queue = new c.hashingQueue(1, 32);
      const job = () => Promise.resolve(1);
      return async () => {
        const settled = await Promise.allSettled(Array.from({ length: 64 }, () => queue.run(job)));
        return settled.length;
      };
    },
  },
];

async function asyncSlice(batch: () => Promise<number>): Promise<number> {
  const until = performance.now() + SLICE_MS;
  let done = 0;
  while (performance.now() < until) done += await batch();
  return done;
}

function slice(op: (i: number) => void, start: number): number {
  const until = performance.now() + SLICE_MS;
  let i = start;
  while (performance.now() < until) for (let n = 0; n < 256; n++) op(i++);
  return i - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  const checkouts = [checkout('this', process.cwd()), checkout('compared', resolve(args.compare!))];
  console.log(machine());
  console.log(`${RUNS} runs, ${SECONDS} s per checkout and workload, ${SLICE_MS} ms slices\n`);
  const ratios = new Map<string, number[]>(WORKLOADS.map((w) => [w.name, []]));
  const rates = new Map<string, number[]>();
  for (let run = 1; run <= RUNS; run++) {
    const line: string[] = [];
    for (const workload of WORKLOADS) {
      const ops = checkouts.map((c) => workload.prepare(c));
      const batches = checkouts.map((c) => workload.batch?.(c));
      const counts = [0, 0];
      const slices = Math.round((SECONDS * 1000) / SLICE_MS);
      for (let s = 0; s < slices; s++)
        for (const k of [0, 1]) {
          const batch = batches[k];
          counts[k] += batch ? await asyncSlice(batch) : slice(ops[k], counts[k]);
        }
      const perSecond = counts.map((count) => count / SECONDS);
      perSecond.forEach((rate, k) => {
        const key = `${workload.name} ${checkouts[k].name}`;
        rates.set(key, [...(rates.get(key) ?? []), rate]);
      });
      ratios.get(workload.name)!.push(perSecond[0] / perSecond[1]);
      line.push(`${workload.name} ${(perSecond[0] / perSecond[1]).toFixed(2)}x`);
    }
    console.log(`run ${run}  ${line.join('   ')}`);
  }
  console.log('');
  for (const workload of WORKLOADS) {
    const values = ratios.get(workload.name)!;
    const [these, others] = checkouts.map((c) => rates.get(`${workload.name} ${c.name}`)!);
    console.log(
      `${workload.name.padEnd(20)} this ${fmt(median(these)).padStart(11)}/s  compared ${fmt(median(others)).padStart(11)}/s  this ÷ compared median ${median(values).toFixed(2)}x (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`,
    );
  }
}

void main();
