/**
 * How long listing one page of photos takes at the start of the list and deep in it (keyset
 * pagination), for one person with 100,000 photos.
 *
 *   node --require ./bench/register.js bench/list/list-photos.bench.ts
 *
 * Runs on the benchmarks' shared stack (bench/support/bench-stack.ts: the test run's PostgreSQL,
 * or DATABASE_URL, and a database of its own) with the app's modules initialised by the test
 * stack's builder (migrations included) but no HTTP server and no local Cognito; inserts the
 * rows with one INSERT … SELECT generate_series, and times PhotosService.list (the real service
 * and repository, as Nest wires them) on the first page and on a page ~90,000 rows in. Prints figures
 * and the plan PostgreSQL chose; no pass/fail. Runtime: about half a minute.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PhotoOwner } from '../../src/photos/photo';
import { decodeCursor, encodeCursor } from '../../src/photos/photo-cursor';
import { PhotosRepository } from '../../src/photos/photos.repository';
import { DEFAULT_PAGE_SIZE } from '../../src/photos/photo-rules';
import { PhotosService } from '../../src/photos/photos.service';
import { startEverything } from '../support/bench-stack';
import { percentile } from '../support/figures';

const ROWS = 100_000;
const DEEP_OFFSET = 90_000;
const WARM_UP = 20;
const ITERATIONS = 200;
const OWNER: PhotoOwner = { sub: 'bench-user-sub', username: 'bench' };

/** Seeds through a connection of its own: one statement this long may outlast the app's timeouts. */
async function seed(databaseUrl: string): Promise<void> {
  const started = performance.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await insertRows(client);
  } finally {
    await client.end();
  }
  console.log(
    `Inserted ${ROWS.toLocaleString('en')} rows in ${Math.round(performance.now() - started)} ms`,
  );
}

async function insertRows(client: Client): Promise<void> {
  // One statement; one photo per second going back in time, all pointing at the same (absent)
  // files: the listing never reads them.
  await client.query(
    `INSERT INTO photos (id, owner_sub, owner_username, description, content_type, width, height, size_bytes,
       image_key, original_key, original_content_type, original_size_bytes, original_width, original_height,
       thumbnail_key, thumbnail_content_type, thumbnail_width, thumbnail_height, thumbnail_size_bytes,
       created_at)
     SELECT gen_random_uuid(), $1, $2, 'Photo ' || n, 'image/jpeg', 2048, 1536, 400000,
       'bench/image.jpg', 'bench/original.jpg', 'image/jpeg', 400000, 2048, 1536, 'bench/thumbnail.jpg', 'image/jpeg', 300, 225, 20000,
       now() - n * interval '1 second'
     FROM generate_series(1, $3::int) AS n`,
    [OWNER.sub, OWNER.username, ROWS],
  );
  await client.query('ANALYZE photos');
}

/** The cursor a client holds after paging to `offset` (computed from the row there). */
async function cursorAt(dataSource: DataSource, offset: number): Promise<string> {
  const [row] = await dataSource.query<{ sort_at: Date; id: string }[]>(
    'SELECT sort_at, id FROM photos WHERE owner_sub = $1 ORDER BY sort_at DESC, id DESC OFFSET $2 LIMIT 1',
    [OWNER.sub, offset - 1],
  );
  return encodeCursor({ sort: 'taken', at: row.sort_at, id: row.id });
}

async function timeList(service: PhotosService, cursor: string | undefined): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await service.list(OWNER, { limit: DEFAULT_PAGE_SIZE, cursor });
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    const page = await service.list(OWNER, { limit: DEFAULT_PAGE_SIZE, cursor });
    samples.push(performance.now() - started);
    if (page.items.length !== DEFAULT_PAGE_SIZE)
      throw new Error(`Page had ${page.items.length} items`);
  }
  return samples.sort((a, b) => a - b);
}

function report(label: string, sorted: number[]): void {
  const ms = (value: number) => value.toFixed(2).padStart(7);
  console.log(
    `${label.padEnd(34)} p50 ${ms(percentile(sorted, 50))} ms   p95 ${ms(percentile(sorted, 95))} ms   p99 ${ms(percentile(sorted, 99))} ms`,
  );
}

/** EXPLAIN (ANALYZE, BUFFERS) of exactly the query the repository runs for that page. */
async function explain(
  dataSource: DataSource,
  repository: PhotosRepository,
  cursor?: string,
): Promise<string[]> {
  const after = cursor ? decodeCursor(cursor, 'taken') : undefined;
  const [sql, parameters] = repository.listPageStatement({
    ownerSub: OWNER.sub,
    sort: 'taken',
    limit: DEFAULT_PAGE_SIZE + 1,
    after,
  });
  const rows = await dataSource.query<{ 'QUERY PLAN': string }[]>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    parameters,
  );
  return rows.map((row) => row['QUERY PLAN']);
}

/** For contrast only: what OFFSET pagination costs at the same depth (raw SQL). */
async function timeOffset(dataSource: DataSource): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await dataSource.query(
      'SELECT * FROM photos WHERE owner_sub = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT $3',
      [OWNER.sub, DEEP_OFFSET, DEFAULT_PAGE_SIZE + 1],
    );
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const running = await startEverything('list', {
    startApp: false,
    localCognito: false,
    // Every run is timed against the database, not the in-memory listing cache.
    env: { PHOTO_LIST_CACHE_SECONDS: '0' },
  });
  try {
    const module = await running.stack.startModule();
    await seed(running.stack.databaseUrl);
    const dataSource = module.get(DataSource);
    const repository = module.get(PhotosRepository);
    const service = module.get(PhotosService);
    const deepCursor = await cursorAt(dataSource, DEEP_OFFSET);

    console.log(
      `\nPhotosService.list, ${DEFAULT_PAGE_SIZE} per page, ${ITERATIONS} runs after ${WARM_UP} warm-up:`,
    );
    report('first page', await timeList(service, undefined));
    report(
      `page after row ${DEEP_OFFSET.toLocaleString('en')} (keyset)`,
      await timeList(service, deepCursor),
    );
    report(
      `OFFSET ${DEEP_OFFSET.toLocaleString('en')} (raw SQL, contrast)`,
      await timeOffset(dataSource),
    );

    for (const [label, cursor] of [
      ['first page', undefined],
      [`after row ${DEEP_OFFSET}`, deepCursor],
    ] as const) {
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS), ${label}:`);
      for (const line of await explain(dataSource, repository, cursor)) console.log(`  ${line}`);
    }
  } finally {
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
