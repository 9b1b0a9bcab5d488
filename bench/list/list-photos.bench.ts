/**
 * How long listing one page of photos takes at the start of the list and deep in it (keyset
 * pagination), for one person with 100,000 photos.
 *
 *   node --require ./bench/register.js bench/list/list-photos.bench.ts
 *
 * Starts its own embedded PostgreSQL in a temporary directory (or uses DATABASE_URL: it then
 * creates and drops a database of its own there), runs the migrations, inserts the rows with one
 * INSERT … SELECT generate_series, and times PhotosService.list (the real service and
 * repository, through TypeORM) on the first page and on a page ~90,000 rows in. Prints figures
 * and the plan PostgreSQL chose; no pass/fail. Runtime: about half a minute.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, withoutRequestTimeouts } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ImageProcessor } from '../../src/photos/image';
import type { PhotoOwner } from '../../src/photos/photo';
import { decodeCursor, encodeCursor } from '../../src/photos/photo-cursor';
import { PhotoEntity } from '../../src/photos/photo.entity';
import { PhotoListingCache } from '../../src/photos/listing-cache/photo-listing-cache';
import { PhotosRepository } from '../../src/photos/photos.repository';
import { DEFAULT_PAGE_SIZE } from '../../src/photos/photo-rules';
import { PhotosService } from '../../src/photos/photos.service';
import { createPhotoStorage } from '../../src/photos/storage';
import { percentile } from '../support/figures';

const ROWS = 100_000;
const DEEP_OFFSET = 90_000;
const WARM_UP = 20;
const ITERATIONS = 200;
const OWNER: PhotoOwner = { sub: 'bench-user-sub', username: 'bench' };

interface Database {
  url: string;
  stop(): Promise<void>;
}

async function startDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) return scratchDatabaseOn(process.env.DATABASE_URL);
  const dir = await mkdtemp(join(tmpdir(), 'photos-bench-list-'));
  // As root, PostgreSQL runs as its own OS user, which must be able to reach its directory.
  await chmod(dir, 0o711);
  const pg = await startEmbeddedPostgres({ directory: join(dir, 'pg'), database: 'photos_bench' });
  return {
    url: pg.url,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** On a server we do not own, work in a database of our own and drop it afterwards. */
async function scratchDatabaseOn(adminUrl: string): Promise<Database> {
  const name = `photos_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function seed(dataSource: DataSource): Promise<void> {
  const started = performance.now();
  // One statement; one photo per second going back in time, all pointing at the same (absent)
  // files: the listing never reads them.
  await dataSource.query(
    `INSERT INTO photos (id, owner_sub, owner_username, description, content_type, width, height, size_bytes,
       original_key, thumbnail_key, thumbnail_content_type, thumbnail_width, thumbnail_height, thumbnail_size_bytes,
       created_at)
     SELECT gen_random_uuid(), $1, $2, 'Photo ' || n, 'image/jpeg', 2048, 1536, 400000,
       'bench/original.jpg', 'bench/thumbnail.jpg', 'image/jpeg', 300, 225, 20000,
       now() - n * interval '1 second'
     FROM generate_series(1, $3::int) AS n`,
    [OWNER.sub, OWNER.username, ROWS],
  );
  await dataSource.query('ANALYZE photos');
  console.log(
    `Inserted ${ROWS.toLocaleString('en')} rows in ${Math.round(performance.now() - started)} ms`,
  );
}

/** The cursor a client holds after paging to `offset` (computed from the row there). */
async function cursorAt(dataSource: DataSource, offset: number): Promise<string> {
  const [row] = await dataSource.query<{ created_at: Date; id: string }[]>(
    'SELECT created_at, id FROM photos WHERE owner_sub = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1',
    [OWNER.sub, offset - 1],
  );
  return encodeCursor({ createdAt: row.created_at, id: row.id });
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
  const after = cursor ? decodeCursor(cursor) : undefined;
  const [sql, parameters] = repository.listPageStatement(OWNER.sub, DEFAULT_PAGE_SIZE + 1, after);
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
  const database = await startDatabase();
  // Seeding 100,000 rows in one statement may outlast the app's per-request timeouts.
  const dataSource = new DataSource({
    ...withoutRequestTimeouts(dataSourceOptions(database.url)),
    entities: [PhotoEntity],
  });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await seed(dataSource);

    const repository = new PhotosRepository(dataSource.getRepository(PhotoEntity));
    // The listing touches neither images nor storage; real instances keep the service as it is.
    const config = {
      storage: 'local',
      localDir: tmpdir(),
      maxUploadBytes: 20 * 2 ** 20,
      maxUploadFiles: 20,
      listCacheSeconds: 0,
    } as const;
    const storage = createPhotoStorage({ driver: 'local', localDir: config.localDir });
    const service = new PhotosService(
      new ImageProcessor(),
      storage,
      repository,
      config,
      new PhotoListingCache({ ttlSeconds: 0 }),
    );
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
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
