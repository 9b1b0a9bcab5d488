import { LISTENER_APPLICATION_NAME } from '../../src/photos/listing-cache/listing-change-listener';
import { apiTokens } from '../support/api-token';
import { Browser } from '../support/browser';
import { DEMO, SECOND, TestStack } from '../support/test-stack';
import { eventually, fixture, sql } from './photos-test-kit';

interface Listing {
  items: { id: string; description: string }[];
  nextCursor: string | null;
}

/**
 * GET /api/photos and the "My photos" grid's cards are kept in memory (PhotoListingCache), on two
 * instances sharing one database. The cache's lifetime is set far longer than any wait here, so a test that sees a
 * change saw it because the change dropped the cached page, not because the page expired.
 * Each test lists its own page size: a cached page of one test is never another's.
 */
describe('The photo listing cache, on two instances', () => {
  let stack: TestStack;
  let demoToken: string;
  let secondToken: string;
  /** Well below PHOTO_LIST_CACHE_SECONDS: only an invalidation can make a change show in time. */
  const SEEN_WITHIN_MS = 20_000;
  const HEARTBEAT_SECONDS = 1;

  const api = (base: string, path: string, init: RequestInit = {}, token = demoToken) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  const list = async (base: string, limit: number, token = demoToken): Promise<Listing> => {
    const response = await api(base, `/api/photos?limit=${limit}`, {}, token);
    expect(response.status).toBe(200);
    return (await response.json()) as Listing;
  };
  const ids = (listing: Listing) => listing.items.map((item) => item.id);
  async function upload(base: string, description: string): Promise<string> {
    const form = new FormData();
    form.append('description', description);
    form.append('photo', new Blob([new Uint8Array(await fixture('rocket.jpg'))]), 'rocket.jpg');
    const response = await api(base, '/api/photos', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }
  const edit = async (base: string, id: string, description: string) => {
    const response = await api(base, `/api/photos/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description }),
    });
    expect(response.status).toBe(200);
  };
  const remove = async (base: string, id: string) =>
    expect((await api(base, `/api/photos/${id}`, { method: 'DELETE' })).status).toBe(204);

  beforeAll(async () => {
    stack = await TestStack.start({
      env: {
        PHOTO_LIST_CACHE_SECONDS: '60',
        PHOTO_LIST_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
        RATE_LIMIT_WRITES_PER_MINUTE: '1000',
      },
    });
    await stack.startInstance();
    demoToken = (await apiTokens(stack)).accessToken;
    secondToken = (await apiTokens(stack, SECOND)).accessToken;
  });
  afterAll(() => stack.close());

  it('an upload, edit or delete shows at once in the next listing on the same instance', async () => {
    const [first] = stack.instances;
    const before = await list(first.baseUrl, 51);
    const id = await upload(first.baseUrl, 'Fresh');
    expect(ids(await list(first.baseUrl, 51))).toEqual([id, ...ids(before)]);
    await edit(first.baseUrl, id, 'Edited');
    expect((await list(first.baseUrl, 51)).items[0]).toMatchObject({ id, description: 'Edited' });
    await remove(first.baseUrl, id);
    expect(ids(await list(first.baseUrl, 51))).toEqual(ids(before));
  });

  it('an upload, edit or delete on one instance shows on the other once its notification arrives', async () => {
    const [first, second] = stack.instances;
    const before = await list(second.baseUrl, 52); // now cached on the second instance
    const id = await upload(first.baseUrl, 'Elsewhere');
    const shows = (check: (listing: Listing) => boolean) =>
      eventually(async () => check(await list(second.baseUrl, 52)), SEEN_WITHIN_MS);
    expect(await shows((listing) => ids(listing)[0] === id)).toBe(true);
    await edit(first.baseUrl, id, 'Edited elsewhere');
    expect(await shows((listing) => listing.items[0].description === 'Edited elsewhere')).toBe(
      true,
    );
    await remove(first.baseUrl, id);
    expect(await shows((listing) => !ids(listing).includes(id))).toBe(true);
    expect(ids(await list(second.baseUrl, 52))).toEqual(ids(before));
  });

  it('"My photos" on the other instance shows an upload, edit or delete once notified', async () => {
    const [first, second] = stack.instances;
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const grid = async () => (await browser.get(`${second.baseUrl}/myphotos`)).body;
    const gridShows = (check: (page: string) => boolean) =>
      eventually(async () => check(await grid()), SEEN_WITHIN_MS);
    await grid(); // its cards now cached on the second instance
    const id = await upload(first.baseUrl, 'Grid elsewhere');
    expect(await gridShows((page) => page.includes(`/photos/${id}`))).toBe(true);
    await edit(first.baseUrl, id, 'Grid edited elsewhere');
    expect(await gridShows((page) => page.includes('Grid edited elsewhere'))).toBe(true);
    await remove(first.baseUrl, id);
    expect(await gridShows((page) => !page.includes(`/photos/${id}`))).toBe(true);
  });

  it("never answers one user's listing to another, on either instance", async () => {
    const id = await upload(stack.baseUrl, "Demo's");
    for (const { baseUrl } of stack.instances) {
      expect(ids(await list(baseUrl, 53))).toContain(id); // DEMO's page, now cached
      const other = await list(baseUrl, 53, secondToken);
      expect(ids(other)).not.toContain(id);
      expect(other.items).toEqual([]);
    }
  });

  it('answers a repeated listing from memory, with its ETag (304 when unchanged)', async () => {
    const [, second] = stack.instances;
    const id = await upload(stack.baseUrl, 'Original');
    expect(
      await eventually(async () => ids(await list(second.baseUrl, 54))[0] === id, SEEN_WITHIN_MS),
    ).toBe(true);
    const first = await api(second.baseUrl, '/api/photos?limit=54');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const revalidated = await api(second.baseUrl, '/api/photos?limit=54', {
      // fetch() would add `Cache-Control: no-cache` to a conditional request, which asks for
      // the full answer; a browser revalidating its copy sends max-age=0.
      headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' },
    });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');

    // A change nobody is told about (triggers off for this one statement's session): the cached
    // page still answers, so the repeated listing did not go to the database.
    await sql(
      stack,
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE photos SET description = 'Changed behind its back' WHERE id = '${id}'; COMMIT`,
    );
    expect((await list(second.baseUrl, 54)).items[0].description).toBe('Original');
    // Another page size is read afresh, and shows the change.
    expect((await list(second.baseUrl, 55)).items[0].description).toBe('Changed behind its back');
  });

  it('forgets every cached page when its change listener is cut off, then listens again', async () => {
    const [, second] = stack.instances;
    const id = await upload(stack.baseUrl, 'Before the cut');
    expect(
      await eventually(async () => ids(await list(second.baseUrl, 56))[0] === id, SEEN_WITHIN_MS),
    ).toBe(true);

    // Cut both instances' listeners, and change the photo before they can listen again: no
    // instance hears of this change.
    await sql(
      stack,
      `SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    await sql(stack, `UPDATE photos SET description = 'Changed unheard' WHERE id = $1`, [id]);
    expect(
      await eventually(
        async () => (await list(second.baseUrl, 56)).items[0].description === 'Changed unheard',
        SEEN_WITHIN_MS,
      ),
    ).toBe(true);

    // Both listen again, and changes reach the other instance as before.
    expect(
      await eventually(async () => {
        const rows = await sql(
          stack,
          // This suite's database only: other suites' instances listen on the same server.
          'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
          [LISTENER_APPLICATION_NAME],
        );
        return rows.length === 2;
      }, SEEN_WITHIN_MS),
    ).toBe(true);
    await list(second.baseUrl, 57);
    const later = await upload(stack.baseUrl, 'After the cut');
    expect(
      await eventually(
        async () => ids(await list(second.baseUrl, 57))[0] === later,
        SEEN_WITHIN_MS,
      ),
    ).toBe(true);
  });

  it('stops answering from memory within a heartbeat when its listener dies silently (SIGSTOP)', async () => {
    const [first, second] = stack.instances;
    const id = await upload(first.baseUrl, 'Before the silence');
    expect(
      await eventually(async () => ids(await list(second.baseUrl, 58))[0] === id, SEEN_WITHIN_MS),
    ).toBe(true);
    // The listeners' backends stop, as behind a black-holed connection: no error, no close.
    const backends = await sql(
      stack,
      // This suite's database only: other suites' instances listen on the same server.
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
      [LISTENER_APPLICATION_NAME],
    );
    const pids = backends.map((row) => Number((row as { pid: number }).pid));
    expect(pids.length).toBe(2);
    pids.forEach((pid) => process.kill(pid, 'SIGSTOP'));
    try {
      await remove(first.baseUrl, id); // its notification reaches no listener
      const started = Date.now();
      expect(
        await eventually(
          async () => !ids(await list(second.baseUrl, 58)).includes(id),
          4 * HEARTBEAT_SECONDS * 1000,
        ),
      ).toBe(true);
      expect(Date.now() - started).toBeLessThan(2 * HEARTBEAT_SECONDS * 1000 + 1000);
    } finally {
      pids.forEach((pid) => process.kill(pid, 'SIGCONT'));
    }
  });
});
