import { hostname } from 'node:os';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { TestStack } from '../support/test-stack';

describe('Home, info, health and security headers', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(() => stack.close());

  it('tells which instance answered, for load-balanced deployments', async () => {
    const page = await new Browser().get(`${stack.baseUrl}/info`);
    expect(page.status).toBe(200);
    const body = text(page.body);
    expect(body).toContain(hostname());
    expect(body).toContain(process.version);
    expect(body).toMatch(/PostgreSQL \d+\.\d+/);
    expect(body).toMatch(/Version \d+\.\d+\.\d+/);
  });

  it('answers liveness, and readiness with the database checked', async () => {
    const live = await fetch(`${stack.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${stack.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
    });
    expect(live.headers.get('set-cookie')).toBeNull();
  });

  it('sends security headers with a CSP that allows no inline script', async () => {
    const response = await fetch(`${stack.baseUrl}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'");
    expect(csp).toContain(`form-action 'self' ${stack.env.COGNITO_DOMAIN}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });

  it('renders an unknown page as a 404 page, not a stack trace', async () => {
    const page = await new Browser().get(`${stack.baseUrl}/no/such/page`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('publishes the OpenAPI document of the JSON API', async () => {
    const response = await fetch(`${stack.baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/me', '/api/photos', '/api/photos/{id}']),
    );
    expect(Object.keys(document.paths).some((path) => path.startsWith('/callback'))).toBe(false);
  });
});
