import { TestStack } from '../support/test-stack';

describe('Behind a TLS-terminating load balancer (https BASE_URL, TRUST_PROXY=1)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { BASE_URL: 'https://photos.example', TRUST_PROXY: '1' },
    });
  });
  afterAll(() => stack.close());

  const login = (proto: string) =>
    fetch(`http://localhost:${stack.port}/login`, {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': proto },
    });

  it('sets the session cookie Secure, HttpOnly and SameSite=Lax, and sends HSTS', async () => {
    const response = await login('https');
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('photos.sid='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // The redirect URI sent to Cognito is the public https one.
    const authorize = new URL(response.headers.get('location')!);
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://photos.example/callback');
  });

  it('never sends the Secure session cookie over plain http', async () => {
    const response = await login('http');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('photos.sid='))).toBe(false);
  });
});
