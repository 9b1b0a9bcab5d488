import { hostname } from 'node:os';
import { TestStack } from '../support/test-stack';

/**
 * Issue 22, finding 8: what a production instance shows anyone. With INFO_PAGE_DETAIL=minimal
 * and API_DOCS=off (production's defaults, set here outside production), /info names no host and
 * no exact Node or PostgreSQL version, and /api/docs is not served.
 */
describe('What an instance tells anyone, as in production', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      localCognito: false,
      env: { INFO_PAGE_DETAIL: 'minimal', API_DOCS: 'off' },
    });
  });
  afterAll(() => stack?.close());

  it('/info tells instances apart without naming the host, Node or PostgreSQL', async () => {
    const page = await fetch(`${stack.baseUrl}/info`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/id="instance">[0-9a-f]{12}</);
    expect(html).not.toContain(hostname());
    expect(html).not.toContain(process.version);
    expect(html).not.toContain('PostgreSQL');
  });

  it('/api/docs and its OpenAPI document are not served', async () => {
    for (const path of ['/api/docs', '/api/docs-json']) {
      const response = await fetch(`${stack.baseUrl}${path}`);
      await response.arrayBuffer();
      expect(response.status).toBe(404);
    }
  });
});
