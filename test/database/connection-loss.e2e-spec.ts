import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiTokens } from '../support/api-token';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { TestStack } from '../support/test-stack';
import { signedIn } from '../photos/photos-test-kit';

/** What an operator (or a failover) does: every backend of the app's database is killed. */
async function terminateBackends(databaseUrl: string): Promise<number> {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const result = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND datname = current_database()`,
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

describe('Losing PostgreSQL connections (finding 1)', () => {
  let stack: TestStack;
  let browser: Browser;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await signedIn(stack);
    bearer = { authorization: `Bearer ${(await apiTokens(stack)).accessToken}` };
  });
  afterAll(() => stack.close());

  /** A signed-in page (session store), the photo pages and the API (TypeORM). */
  async function serve(): Promise<void> {
    const home = await browser.get(`${stack.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(text(home.body)).toContain('Hello');
    expect((await browser.get(`${stack.baseUrl}/myphotos`)).status).toBe(200);
    expect((await browser.get(`${stack.baseUrl}/info`)).status).toBe(200);
    const api = await fetch(`${stack.baseUrl}/api/photos`, { headers: bearer });
    expect(api.status).toBe(200);
  }

  it('keeps serving after every backend of its database is terminated, twice', async () => {
    await serve(); // the pool now holds idle connections of both users
    for (let round = 0; round < 2; round++) {
      const terminated = await terminateBackends(stack.databaseUrl);
      expect(terminated).toBeGreaterThan(0);
      console.log(`Round ${round + 1}: terminated ${terminated} backends of the app`);
      // The FATAL 57P01 reaches each idle connection as an 'error' event: without a listener on
      // the pool and on checked-out clients the process exits here.
      await sleep(300);
      await serve();
      await serve();
    }
  });
});
