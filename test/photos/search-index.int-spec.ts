import { Client } from 'pg';
import { PhotosRepository } from '../../src/photos/photos.repository';
import { TestStack } from '../support/test-stack';
import { ALICE, BOB } from './photos-test-kit';

const PHOTOS_EACH = 300;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/**
 * The search index (migration 1764180000000): a search reads only the searcher's matches from it,
 * and reads them straight away, not through GIN's pending list of recent rows. Plans are forced
 * away from the timeline index (which the planner rightly prefers when matches are many), so what
 * is checked is what the GIN index can answer.
 */
describe('The photos search index (real PostgreSQL)', () => {
  let stack: TestStack;
  let client: Client;
  let repository: PhotosRepository;

  beforeAll(async () => {
    stack = await TestStack.start({ startApp: false, localCognito: false });
    repository = (await stack.startModule()).get(PhotosRepository);
    client = new Client({ connectionString: stack.env.DATABASE_URL });
    await client.connect();
    for (const owner of [ALICE, BOB])
      await client.query(
        `INSERT INTO photos (id, owner_sub, owner_username, description, content_type, width,
           height, size_bytes, image_key, original_key, original_content_type, original_size_bytes,
           original_width, original_height, thumbnail_key, thumbnail_content_type, thumbnail_width,
           thumbnail_height, thumbnail_size_bytes)
         SELECT gen_random_uuid(), $1, $2, CASE WHEN n % 100 = 0 THEN 'Zeppelin' ELSE 'Beach' END,
           'image/jpeg', 4, 3, 1, 'k', 'k', 'image/jpeg', 1, 4, 3, 'k', 'image/jpeg', 4, 3, 1
         FROM generate_series(1, $3::int) AS n`,
        [owner.sub, owner.username, PHOTOS_EACH],
      );
    await client.query('ANALYZE photos');
  });
  afterAll(async () => {
    await client?.end();
    await stack?.close();
  });

  it("finds a search's words for its owner in the index, dropping no one else's rows after", async () => {
    const [statement, parameters] = repository.listPageStatement({
      ownerSub: ALICE.sub,
      sort: 'taken',
      filter: { words: ['zeppelin'] },
      limit: 25,
    });
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_indexscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${statement}`,
        parameters,
      );
      const plan = nodes(rows[0]['QUERY PLAN'][0].Plan);
      const scan = plan.find((node) => node['Node Type'] === 'Bitmap Index Scan');
      expect(scan?.['Index Name']).toBe('IDX_photos_owner_search_vector');
      expect(scan?.['Index Cond']).toContain('owner_sub = ');
      expect(scan?.['Index Cond']).toContain("search_vector @@ '''zeppelin'':*'");
      expect(plan.some((node) => (node['Rows Removed by Filter'] ?? 0) > 0)).toBe(false);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('keeps no pending list: new photos are in the index as their row is', async () => {
    const { rows } = await client.query<{ reloptions: string[] | null }>(
      `SELECT reloptions FROM pg_class WHERE relname = 'IDX_photos_owner_search_vector'`,
    );
    expect(rows[0]?.reloptions).toContain('fastupdate=off');
  });
});
