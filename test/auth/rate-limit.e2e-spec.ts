import { Client } from 'pg';
import { apiTokens } from '../support/api-token';
import { Browser } from '../support/browser';
import { DEMO, SECOND, TestStack } from '../support/test-stack';

const status = async (url: string, init: RequestInit = {}): Promise<Response> => {
  const response = await fetch(url, { redirect: 'manual', ...init });
  await response.arrayBuffer();
  return response;
};

async function sql<Row extends object = object>(stack: TestStack, text: string): Promise<Row[]> {
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    return (await db.query<Row>(text)).rows;
  } finally {
    await db.end();
  }
}

describe('Rate limits', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { RATE_LIMIT_PER_MINUTE: '40' } });
  });
  afterAll(() => stack.close());

  it('allows the general limit elsewhere, then answers 429; health checks are never limited', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 41; i++) answers.push((await status(`${stack.baseUrl}/info`)).status);
    // @nestjs/throttler counts per route and client, so /info has its own 40.
    expect(answers.slice(0, 40)).toEqual(Array(40).fill(200));
    expect(answers[40]).toBe(429);
    // More than the limit: a load balancer's probes must never be refused.
    for (let i = 0; i < 45; i++)
      expect((await status(`${stack.baseUrl}/health/live`)).status).toBe(200);
  });

  it('counts the general limit in memory: ordinary requests write nothing to PostgreSQL', async () => {
    await sql(stack, 'DELETE FROM rate_limit_counters');
    for (let i = 0; i < 10; i++) expect((await status(`${stack.baseUrl}/`)).status).toBe(200);
    // One upsert per request on a hot row was the largest cost left on /api/photos.
    expect(await sql(stack, 'SELECT key FROM rate_limit_counters')).toEqual([]);
    // The sign-in limit, which must hold across instances, still counts in PostgreSQL.
    expect((await status(`${stack.baseUrl}/login`)).status).toBe(302);
    expect((await sql(stack, 'SELECT key FROM rate_limit_counters')).length).toBe(1);
  });
});

describe('Limits shared by instances on one database (default settings)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // An empty setting means unset: the sign-in limit is the default.
    stack = await TestStack.start({
      env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '', RATE_LIMIT_WRITES_PER_MINUTE: '4' },
    });
    await stack.startInstance();
  });
  afterAll(() => stack.close());

  it('counts uploads and deletes per user, pages and API together, on every instance', async () => {
    const [first, second] = stack.instances;
    const { accessToken } = await apiTokens(stack);
    const api = (base: string) =>
      status(`${base}/api/photos/00000000-0000-4000-8000-000000000000`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${accessToken}` },
      });
    expect((await api(first.baseUrl)).status).toBe(404);
    expect((await api(second.baseUrl)).status).toBe(404);
    expect((await api(first.baseUrl)).status).toBe(404);
    expect((await api(second.baseUrl)).status).toBe(404);
    const refused = await api(first.baseUrl);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // The page's delete shares DEMO's budget; another user has a budget of their own.
    const demo = new Browser();
    await demo.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const page = await demo.get(`${stack.baseUrl}/myphotos`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const pageDelete = await demo.request(
      `${stack.baseUrl}/myphotos/00000000-0000-4000-8000-000000000000/delete`,
      { method: 'POST', body: new URLSearchParams({ _csrf: csrf }), follow: false },
    );
    expect(pageDelete.status).toBe(429);
    expect(Number(pageDelete.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await apiTokens(stack, SECOND);
    const otherDelete = await status(
      `${second.baseUrl}/api/photos/00000000-0000-4000-8000-000000000000`,
      { method: 'DELETE', headers: { authorization: `Bearer ${other.accessToken}` } },
    );
    expect(otherDelete.status).toBe(404);
  });

  it('meets a burst of 60 sign-in starts, split over two instances, with 429 and Retry-After', async () => {
    await sql(stack, 'DELETE FROM rate_limit_counters'); // the previous test signed in once
    const [first, second] = stack.instances;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => status(`${(i % 2 ? second : first).baseUrl}/login`)),
    );
    const redirected = answers.filter((r) => r.status === 302).length;
    const refused = answers.filter((r) => r.status === 429);
    // The default is 30 a minute per client: counted once across both instances, not 30 each.
    expect(redirected).toBe(30);
    expect(refused).toHaveLength(30);
    const retryAfter = Number(refused[0].headers.get('retry-after-sign-in'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The standard header, which clients and proxies read, on every one of them.
    for (const answer of refused)
      expect(answer.headers.get('retry-after')).toBe(answer.headers.get('retry-after-sign-in'));
    // The callback is counted apart: a person coming back from Cognito is not refused for it.
    expect((await status(`${first.baseUrl}/callback?code=x&state=y`)).status).not.toBe(429);
  });

  it('keeps the counters in PostgreSQL and lets a window end', async () => {
    const blocked = await sql<{ count: number }>(
      stack,
      'SELECT count(*)::int AS count FROM rate_limit_counters WHERE blocked_until > now()',
    );
    expect(blocked[0].count).toBeGreaterThan(0);
    // As if a minute had passed: the next request starts a fresh window.
    await sql(
      stack,
      "UPDATE rate_limit_counters SET window_ends_at = now() - interval '1 second', blocked_until = NULL",
    );
    expect((await status(`${stack.instances[1].baseUrl}/login`)).status).toBe(302);
  });
});
