import { Browser } from './support/browser';
import type { Page } from './support/browser';
import { authorizeUrl, csrfFieldOf, formActionOf } from './support/hosted-ui';
import { TestIdp } from './support/test-idp';

/**
 * A password spray at the hosted sign-in form: password checks run one at a time behind a short
 * queue, so the overflow is told "busy" at once (503) instead of taking the thread pool that the
 * app's file I/O shares (docs/SECURITY.md, finding 10).
 */
describe('local Cognito under a password spray', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start();
  });

  afterAll(async () => {
    await idp.close();
  });

  /** An opened sign-in form, ready to be posted with a wrong password. */
  async function openForm(n: number): Promise<() => Promise<Page>> {
    const browser = new Browser({ follow: false });
    const attempt = authorizeUrl(idp);
    const page = await browser.get(idp.url(`/login${new URL(attempt.url).search}`));
    const action = idp.url(formActionOf(page.body));
    const csrf = csrfFieldOf(page.body);
    return () =>
      browser.postForm(action, {
        _csrf: csrf,
        username: `sprayed-${n}`,
        password: 'not-the-password',
      });
  }

  it('answers the overflow 503 with Retry-After, the rest as wrong passwords, never a 500', async () => {
    // Every form is opened first, so all 60 posts arrive together, as in a spray.
    const forms = await Promise.all(Array.from({ length: 60 }, (_, n) => openForm(n)));
    const responses = await Promise.all(forms.map((post) => post()));
    const statuses = responses.map((r) => r.status);
    const busy = responses.filter((r) => r.status === 503);
    expect(statuses.every((s) => s === 400 || s === 503)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    for (const response of busy) {
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.body).toContain('try again in a moment');
    }
  });
});
