import { createHash } from 'node:crypto';
import { Browser, type Page } from '../support/browser';
import { formWithAction } from '../support/html';
import { type AppInstance, SECOND, TestStack } from '../support/test-stack';
import { ApiUser } from '../albums/sharing-kit';
import { sql } from '../photos/photos-test-kit';

const PASSWORD = 'correct horse battery';
const BUSY =
  'Too many people are trying passwords on shared links right now. Try again in a moment.';
/** More simultaneous tries than the hashing line holds (1 running + 32 waiting), with room to spare. */
const SPRAY = 80;

/**
 * A password spray at share links: link passwords are hashed one at a time behind a short line,
 * so what does not fit is told "busy" at once (503, Retry-After: 2) instead of taking libuv's
 * thread pool from every photo download (docs/SECURITY.md, finding 10). The per-link, per-client
 * limit (10 a minute) cannot stop a spray from many addresses: the instance sprayed here trusts
 * one proxy hop (TRUST_PROXY=1), so each try comes from an X-Forwarded-For address of its own.
 */
describe('Share link passwords under a spray', () => {
  let stack: TestStack;
  let proxied: AppInstance;
  let owner: ApiUser;
  let photoId: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    proxied = await stack.startInstance(undefined, { TRUST_PROXY: '1' });
    owner = (await ApiUser.of(stack, SECOND)).on(proxied.baseUrl);
    photoId = await owner.upload('rocket.jpg', 'Sprayed at');
  });
  afterAll(() => stack.close());

  /** A signed-out visitor's unlock form on the proxied instance. */
  async function openForm(url: string) {
    const visitor = new Browser();
    const page = await visitor.get(url.replace(stack.baseUrl, proxied.baseUrl), { follow: false });
    const form = formWithAction(page.body, /\/unlock$/);
    const action = new URL(form.action, proxied.baseUrl).toString();
    return { visitor, action, csrf: form.fields._csrf };
  }

  function clientAddress(n: number): string {
    return `198.51.100.${n}`;
  }

  /** The counter UnlockAttempts keeps for one link and client (a hash of both). */
  function attemptsKey(linkId: string, client: string): string {
    return createHash('sha256').update(`share-unlock:${linkId}:${client}`).digest('hex');
  }

  function unlockCookie(page: Page): string | undefined {
    return page.headers.getSetCookie().find((cookie) => cookie.startsWith('photos_share_unlock='));
  }

  it('refuses the overflow 503 with Retry-After (the form again, or JSON), counts it as no try, never a 500', async () => {
    const link = await owner.share({ photoId, password: PASSWORD });
    const { visitor, action, csrf } = await openForm(link.url);
    // Every other try asks for JSON, so both answers of the busy unlock are sprayed at once.
    const answers = await Promise.all(
      Array.from({ length: SPRAY }, (_, n) =>
        visitor.postForm(
          action,
          { _csrf: csrf, password: `guess ${n}` },
          {
            follow: false,
            headers: {
              'x-forwarded-for': clientAddress(n),
              ...(n % 2 ? { accept: 'application/json' } : {}),
            },
          },
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => ![401, 429, 503].includes(status))).toEqual([]);
    expect(answers.every((answer) => unlockCookie(answer) === undefined)).toBe(true);
    const busy = answers.flatMap((answer, n) => (answer.status === 503 ? [{ answer, n }] : []));
    expect(busy.length).toBeGreaterThan(0);
    for (const { answer, n } of busy) {
      expect(answer.headers.get('retry-after')).toBe('2');
      if (n % 2) {
        expect(JSON.parse(answer.body)).toEqual({
          statusCode: 503,
          error: 'SERVICE_UNAVAILABLE',
          message: BUSY,
        });
        continue;
      }
      // The password page in the site's layout, the message shown, its form ready to try again.
      expect(answer.body).toMatch(/^<!doctype html>/);
      expect(answer.body).toContain('<footer class="site-footer">');
      expect(answer.body).toContain('Password needed');
      expect(answer.body).toContain(`<p class="error" role="alert">${BUSY}</p>`);
      const form = formWithAction(answer.body, /\/unlock$/);
      expect(new URL(form.action, proxied.baseUrl).toString()).toBe(action);
      expect(form.fields._csrf).toBe(csrf);
    }
    for (const answer of answers.filter((a, n) => a.status === 401 && n % 2 === 0))
      expect(answer.body).toContain('That password is not right.');

    // A busy answer counted no try: only the addresses that were told "wrong" have a counter.
    const counted = await sql<{ key: string }>(
      stack,
      'SELECT key FROM rate_limit_counters WHERE key = ANY($1)',
      [Array.from({ length: SPRAY }, (_, n) => attemptsKey(link.id, clientAddress(n)))],
    );
    const tried = statuses.flatMap((status, n) =>
      status === 503 ? [] : [attemptsKey(link.id, clientAddress(n))],
    );
    expect(counted.map((row) => row.key).sort()).toEqual(tried.sort());

    // Once the spray is over, the right password unlocks, with the token a busy page carried.
    const unlocked = await visitor.postForm(
      action,
      { _csrf: csrf, password: PASSWORD },
      { follow: false, headers: { 'x-forwarded-for': clientAddress(busy[0].n) } },
    );
    expect(unlocked.status).toBe(303);
    expect(unlockCookie(unlocked)).toBeDefined();
    const page = await visitor.get(link.url.replace(stack.baseUrl, proxied.baseUrl));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Sprayed at');
  });

  it('refuses a new password link 503 while the line is full (API and form), and gives the write back', async () => {
    const link = await owner.share({ photoId, password: PASSWORD });
    const { visitor, action, csrf } = await openForm(link.url);
    // Signed in on the first instance; the session (in PostgreSQL) holds on the proxied one too.
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, SECOND.username, SECOND.password);
    const shareForm = await browser.get(`${proxied.baseUrl}/shares/new?photoId=${photoId}`);
    expect(shareForm.status).toBe(200);
    const writesBefore = await writesOf(owner);
    const spray = Array.from({ length: SPRAY }, (_, n) =>
      visitor.postForm(
        action,
        { _csrf: csrf, password: `guess ${n}` },
        { follow: false, headers: { 'x-forwarded-for': clientAddress(n) } },
      ),
    );
    const creates = Array.from({ length: 10 }, () =>
      owner.call('POST', '/api/shares', { photoId, password: `${PASSWORD} again` }),
    );
    const formCreates = Array.from({ length: 5 }, () =>
      browser.submit(shareForm, /\/shares$/, { password: `${PASSWORD} again` }, { follow: false }),
    );
    const [sprayed, made, formMade] = await Promise.all([
      Promise.all(spray),
      Promise.all(creates),
      Promise.all(formCreates),
    ]);
    expect(sprayed.filter((answer) => ![401, 429, 503].includes(answer.status))).toEqual([]);
    expect(made.filter((answer) => ![201, 503].includes(answer.status))).toEqual([]);
    expect(formMade.filter((answer) => ![303, 503].includes(answer.status))).toEqual([]);
    const refused = made.filter((answer) => answer.status === 503);
    const formRefused = formMade.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(formRefused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(answer.body).toEqual({ statusCode: 503, error: 'SERVICE_UNAVAILABLE', message: BUSY });
    }
    for (const answer of formRefused) {
      expect(answer.headers.get('retry-after')).toBe('2');
      // The app's error page in the layout, not a visitor's password form.
      expect(answer.body).toContain('<title>Busy</title>');
      expect(answer.body).toContain('<footer class="site-footer">');
      expect(answer.body).toContain(BUSY);
      expect(answer.body).not.toContain('Password needed');
    }
    // Only the links made were counted against the owner's writes; none was made for a 503.
    const madeCount = made.length - refused.length + formMade.length - formRefused.length;
    expect((await writesOf(owner)) - writesBefore).toBe(madeCount);
    expect((await owner.shares()).length).toBe(2 + madeCount);
  });

  /** The owner's writes counted this minute (the write budget's counter). */
  async function writesOf(user: ApiUser): Promise<number> {
    const me = await user.call('GET', '/api/me');
    const sub = String(me.body.sub);
    const [row] = await sql<{ hits: number }>(
      stack,
      'SELECT hits FROM rate_limit_counters WHERE key = $1',
      [`writes:${sub}`],
    );
    return row?.hits ?? 0;
  }
});
