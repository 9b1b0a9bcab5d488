import { Browser } from './support/browser';
import { fetchFrom } from './support/fetch-from';
import { authorizeUrl, csrfFieldOf, formActionOf, locationOf } from './support/hosted-ui';
import { DEMO, TestIdp } from './support/test-idp';

/** One sign-in form submission: the status and, for a 400, the message shown. */
async function submit(
  idp: TestIdp,
  password: string,
  from?: string,
): Promise<{ status: number; body: string }> {
  const browser = new Browser({ follow: false, fetch: from ? fetchFrom(from) : undefined });
  const authorize = authorizeUrl(idp).url;
  const loginUrl = locationOf(await browser.get(authorize), authorize);
  const html = (await browser.get(loginUrl.toString())).body;
  const response = await browser.postForm(idp.url(formActionOf(html)), {
    _csrf: csrfFieldOf(html),
    username: DEMO.username,
    password,
  });
  return { status: response.status, body: response.body };
}

describe('Local Cognito: repeated wrong passwords', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start();
  });
  afterAll(() => idp.close());

  it('locks the username with "Password attempts exceeded" until the window ends, then signs in', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await submit(idp, `wrong-${i}`);
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain('Incorrect username or password.');
    }
    const locked = await submit(idp, DEMO.password); // even the right password
    expect(locked.status).toBe(400);
    expect(locked.body).toContain('Password attempts exceeded');
    expect((await submit(idp, 'wrong-again')).body).toContain('Password attempts exceeded');

    idp.clock.advance(15 * 60 * 1000); // the lock-out window ends: nobody is locked out for ever
    const later = await submit(idp, DEMO.password);
    expect(later.status).toBe(302);
    expect(later.body).not.toContain('Password attempts exceeded');
  });

  it('locks only the address the wrong passwords came from: the real user signs in from another', async () => {
    idp.clock.advance(15 * 60 * 1000); // whatever the test before left
    for (let i = 0; i < 5; i++)
      expect((await submit(idp, `attacker-${i}`, '127.0.0.2')).status).toBe(400);
    expect((await submit(idp, DEMO.password, '127.0.0.2')).body).toContain(
      'Password attempts exceeded',
    );
    const owner = await submit(idp, DEMO.password, '127.0.0.1');
    expect(owner.status).toBe(302);
    expect(owner.body).not.toContain('Password attempts exceeded');
  });
});
