import { Browser } from '../support/browser';
import { formWithAction } from '../support/html';
import { TestStack } from '../support/test-stack';
import { ApiUser, visit } from '../albums/sharing-kit';

const PASSWORD = 'correct horse battery';

describe('Password-protected share links', () => {
  let stack: TestStack;
  let demo: ApiUser;
  let photoId: string;

  /** A signed-out visitor's browser on the link's page: its status and unlock form's CSRF token. */
  async function openForm(browser: Browser, url: string) {
    const page = await browser.get(url, { follow: false });
    const form = formWithAction(page.body, /\/unlock$/);
    return { page, csrf: form.fields._csrf, action: new URL(form.action, url).toString() };
  }

  function tryPassword(browser: Browser, action: string, csrf: string, password: string) {
    return browser.postForm(action, { _csrf: csrf, password }, { follow: false });
  }

  beforeAll(async () => {
    stack = await TestStack.start();
    demo = await ApiUser.of(stack);
    photoId = await demo.upload('rocket.jpg', 'Locked away');
  });
  afterAll(() => stack.close());

  it('stores a slow hash of the password, never the password', async () => {
    const link = await demo.share({ photoId, password: PASSWORD });
    const { sql } = await import('../photos/photos-test-kit');
    const [row] = await sql<{ password_hash: string }>(
      stack,
      'SELECT password_hash FROM share_links WHERE id = $1',
      [link.id],
    );
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('refuses to show anything without the unlock cookie: a password form (401), JSON 401', async () => {
    const link = await demo.share({ photoId, password: PASSWORD });
    const page = await visit(link.url);
    expect(page.status).toBe(401);
    expect(page.text).toContain('Password needed');
    expect(page.text).toMatch(/<label for="share-unlock-password">Password<\/label>/);
    expect(page.text).not.toContain('Locked away');
    const json = await visit(link.url, { json: true });
    expect(json.status).toBe(401);
    expect(JSON.parse(json.text)).toEqual({
      statusCode: 401,
      error: 'UNAUTHORIZED',
      message: 'This link is protected by a password.',
    });
    for (const variant of ['image', 'thumbnail']) {
      const file = await visit(`${link.url}/photos/${photoId}/${variant}`);
      expect(file.status).toBe(401);
      expect(file.headers.get('content-type')).not.toMatch(/^image\//);
    }
  });

  it('unlocks with the right password: a cookie for this link’s path only, HttpOnly, SameSite=Lax', async () => {
    const link = await demo.share({ photoId, password: PASSWORD });
    const visitor = new Browser();
    const { csrf, action } = await openForm(visitor, link.url);
    const wrong = await tryPassword(visitor, action, csrf, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('That password is not right.');
    expect(wrong.headers.get('set-cookie') ?? '').not.toContain('photos_share_unlock');

    const unlocked = await tryPassword(visitor, action, csrf, PASSWORD);
    expect(unlocked.status).toBe(303);
    expect(unlocked.headers.get('location')).toBe(`/s/${link.token}`);
    const cookie = unlocked.headers
      .getSetCookie()
      .find((c) => c.startsWith('photos_share_unlock='))!;
    expect(cookie).toContain(`Path=/s/${link.token}`);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toContain(encodeURIComponent(PASSWORD));
    const value = cookie.split(';')[0];

    const page = await visitor.get(link.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Locked away');
    expect((await visitor.get(`${link.url}/photos/${photoId}/image`)).status).toBe(200);

    // The pass opens this link only: not another link with the same password, and not forged.
    const other = await demo.share({ photoId, password: PASSWORD });
    expect((await visit(other.url, { cookie: value })).status).toBe(401);
    const [expiry, mac] = value.split('=')[1].split('.');
    const forged = `photos_share_unlock=${Number(expiry) + 1000}.${mac}`;
    expect((await visit(link.url, { cookie: forged })).status).toBe(401);
  });

  it('says the same whatever was wrong with the password', async () => {
    const link = await demo.share({ photoId, password: PASSWORD });
    const visitor = new Browser();
    const { csrf, action } = await openForm(visitor, link.url);
    const answers = await Promise.all(
      ['', 'x', PASSWORD.toUpperCase(), 'y'.repeat(5000)].map(async (password) => {
        const answer = await tryPassword(visitor, action, csrf, password);
        return {
          status: answer.status,
          error: /<p class="error"[^>]*>([^<]*)</.exec(answer.body)?.[1],
        };
      }),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(
      new Set([JSON.stringify({ status: 401, error: 'That password is not right.' })]),
    );
  });

  it('refuses an unlock without the form’s CSRF token', async () => {
    const link = await demo.share({ photoId, password: PASSWORD });
    const visitor = new Browser();
    const { action } = await openForm(visitor, link.url);
    const answer = await visitor.postForm(action, { password: PASSWORD }, { follow: false });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('set-cookie') ?? '').not.toContain('photos_share_unlock');
    const stranger = await visitor.postForm(
      action,
      { _csrf: 'made-up', password: PASSWORD },
      { follow: false },
    );
    expect(stranger.status).toBe(403);
  });

  it('answers 429 with Retry-After after 10 tries a minute on one link from one client', async () => {
    const link = await demo.share({ photoId, password: PASSWORD });
    const visitor = new Browser();
    const { csrf, action } = await openForm(visitor, link.url);
    for (let attempt = 1; attempt <= 10; attempt++)
      expect((await tryPassword(visitor, action, csrf, `guess ${attempt}`)).status).toBe(401);
    const blocked = await tryPassword(visitor, action, csrf, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(blocked.headers.get('set-cookie') ?? '').not.toContain('photos_share_unlock');

    // Another link is counted on its own.
    const other = await demo.share({ photoId, password: PASSWORD });
    const second = await openForm(visitor, other.url);
    expect((await tryPassword(visitor, second.action, second.csrf, PASSWORD)).status).toBe(303);
  });

  it('counts guesses across instances (the count is in PostgreSQL)', async () => {
    const link = await demo.share({ photoId, password: PASSWORD });
    const other = await stack.startInstance();
    try {
      const visitor = new Browser();
      const { csrf, action } = await openForm(visitor, link.url);
      const otherAction = action.replace(stack.baseUrl, other.baseUrl);
      const otherForm = await openForm(visitor, link.url.replace(stack.baseUrl, other.baseUrl));
      for (let attempt = 1; attempt <= 5; attempt++) {
        await tryPassword(visitor, action, csrf, `guess ${attempt}`);
        await tryPassword(visitor, otherAction, otherForm.csrf, `other ${attempt}`);
      }
      expect((await tryPassword(visitor, otherAction, otherForm.csrf, PASSWORD)).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});
