import { fixture, signedIn, uploadPhoto, photoIdsOn } from '../photos/photos-test-kit';
import { Browser } from '../support/browser';
import { links, text } from '../support/html';
import { TestStack } from '../support/test-stack';

/** Signs a new person up through the hosted sign-up page, as they would from the app's header. */
async function signUp(
  stack: TestStack,
  person: { username: string; email: string; nickname: string; password: string },
): Promise<Browser> {
  const browser = new Browser();
  const signIn = await browser.get(`${stack.baseUrl}/login`);
  const signUpLink = links(signIn.body).find((link) => link.text === 'Sign up');
  if (!signUpLink) throw new Error(`No "Sign up" link on ${signIn.url}`);
  const form = await browser.get(new URL(signUpLink.href, signIn.url).toString());
  const home = await browser.submit(form, /signup/, person);
  if (home.status !== 200 || !home.url.startsWith(stack.baseUrl))
    throw new Error(`Sign-up of ${person.username} ended with ${home.status} at ${home.url}`);
  return browser;
}

/** The text of the header's "Signed in as …", if the page has one. */
function signedInAs(html: string): string | undefined {
  const header = /<header\b[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
  return /Signed in as (.*?)(?= My photos|$)/.exec(text(header))?.[1];
}

describe('Gallery pages: header, errors, accessibility, dates, delete dialog', () => {
  let stack: TestStack;
  let owner: Browser;
  let photoId: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    const answer = await uploadPhoto(owner, stack, await fixture('rocket.jpg'), {
      description: 'Launch day',
    });
    expect(answer.status).toBe(303);
    [photoId] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
  });
  afterAll(() => stack.close());

  describe('header', () => {
    it('names the signed-in person by nickname on every page, unknown ones included', async () => {
      for (const path of ['/', '/myphotos', `/photos/${photoId}`, '/info', '/logout', '/nope']) {
        const page = await owner.get(`${stack.baseUrl}${path}`);
        expect([path, signedInAs(page.body)]).toEqual([path, 'Demo']);
      }
    });

    it('says nothing of anyone to a signed-out visitor', async () => {
      const page = await new Browser().get(`${stack.baseUrl}/`);
      expect(signedInAs(page.body)).toBeUndefined();
      expect(text(page.body)).toContain('Log in / Sign up');
    });

    it('shows a nickname with markup in it as text, never as markup', async () => {
      const nickname = '<img src=x onerror=alert(1)> & "Zoë"';
      const browser = await signUp(stack, {
        username: 'markup-nick',
        email: 'markup@example.com',
        nickname,
        password: 'markup-password-1',
      });
      const page = await browser.get(`${stack.baseUrl}/myphotos`);
      expect(signedInAs(page.body)).toBe(nickname);
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).toContain(
        '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &quot;Zoë&quot;',
      );
    });
  });
});
