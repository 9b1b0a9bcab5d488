import { fixture, signedIn, uploadPhoto, photoIdsOn } from '../photos/photos-test-kit';
import { Browser, type Page } from '../support/browser';
import { forms, links, parsePage, text } from '../support/html';
import { InstanceInfoService } from '../../src/pages/instance-info.service';
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
  /** coffee-phone.jpg: EXIF DateTimeOriginal 2024:06:01 09:30:00 without an offset. */
  let coffeeId: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    const answer = await uploadPhoto(owner, stack, await fixture('rocket.jpg'), {
      description: 'Launch day',
    });
    expect(answer.status).toBe(303);
    const coffee = await uploadPhoto(owner, stack, await fixture('coffee-phone.jpg'));
    expect(coffee.status).toBe(303);
    // The timeline: the launch photo has no capture date (its upload, today), the coffee 2024's.
    [photoId, coffeeId] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
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

  /** The attributes of every element the selector finds, in page order. */
  function tagsOf(html: string, selector: string): Record<string, string>[] {
    const $ = parsePage(html);
    return $(selector)
      .toArray()
      .map((element) => ({ ...$(element).attr() }));
  }

  /** Fetches a script a page links and checks it is ours, served as JavaScript under our CSP. */
  async function linkedScript(html: string, name: string): Promise<string> {
    const src = tagsOf(html, 'script')
      .map((script) => script.src)
      .find((url) => new RegExp(`^/js/${name}\\.[0-9a-f]{12}\\.js$`).test(url ?? ''));
    if (!src) throw new Error(`No /js/${name} script on the page`);
    const response = await fetch(`${stack.baseUrl}${src}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    return response.text();
  }

  describe("dates in the viewer's time zone", () => {
    it('writes every upload date as a UTC instant a script can rewrite, saying UTC without it', async () => {
      for (const path of ['/myphotos', `/photos/${photoId}`]) {
        const page = await owner.get(`${stack.baseUrl}${path}`);
        const html = page.body;
        const instants = [
          ...html.matchAll(/<time datetime="([^"]+)" data-local-time>([^<]*)<\/time>/g),
        ];
        expect(instants.length).toBeGreaterThan(0);
        for (const [, datetime, shown] of instants) {
          expect(datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(shown).toBe(`${datetime.slice(0, 10)} ${datetime.slice(11, 16)} UTC`);
        }
        expect(await linkedScript(html, 'local-time')).toContain('Intl.DateTimeFormat');
      }
    });

    it("leaves a capture date without the camera's offset as the camera's clock, with no zone", async () => {
      const page = await owner.get(`${stack.baseUrl}/photos/${coffeeId}`);
      expect(page.body).toContain(
        '<time datetime="2024-06-01T09:30" data-wall-clock>2024-06-01 09:30</time>',
      );
      expect(text(page.body)).toMatch(/Taken 2024-06-01 09:30 Uploaded/);
    });
  });

  describe('delete dialog', () => {
    it('gives the grid and the photo page one dialog posting the real delete form with the CSRF token', async () => {
      for (const path of ['/myphotos', `/photos/${photoId}`]) {
        const page = await owner.get(`${stack.baseUrl}${path}`);
        expect(page.body).toMatch(
          /<dialog id="delete-dialog"[^>]*aria-labelledby="delete-dialog-title"/,
        );
        const dialogForm = forms(page.body).find(
          (form) =>
            form.method === 'post' &&
            '_csrf' in form.fields &&
            'returnTo' in form.fields &&
            form.action === '',
        );
        expect(dialogForm?.fields._csrf).toMatch(/.{20,}/);
        const script = await linkedScript(page.body, 'delete-dialog');
        expect(script).toContain('showModal');
      }
    });

    it('has each opener name its photo and still lead to the confirmation page without JavaScript', async () => {
      const grid = await owner.get(`${stack.baseUrl}/myphotos`);
      const openers = tagsOf(grid.body, 'button').filter(
        (button) => 'data-delete-opener' in button,
      );
      expect(openers.map((button) => button['data-delete-action'])).toEqual([
        `/myphotos/${photoId}/delete`,
        `/myphotos/${coffeeId}/delete`,
      ]);
      // An undescribed photo is named by its file name and capture date (the camera's clock).
      expect(openers.map((button) => button['data-description'])).toEqual([
        'Launch day',
        'photo.jpg, taken 2024-06-01 09:30',
      ]);
      expect(openers.every((button) => button['data-return-to'] === '/myphotos')).toBe(true);
      const noScript = await owner.submit(grid, new RegExp(`/myphotos/${photoId}/delete$`));
      expect(noScript.status).toBe(200);
      expect(text(noScript.body)).toContain('Delete this photo?');

      const photo = await owner.get(`${stack.baseUrl}/photos/${coffeeId}`);
      const [link] = tagsOf(photo.body, 'a').filter((a) => 'data-delete-opener' in a);
      expect(link.href).toBe(
        `/myphotos/${coffeeId}/delete?returnTo=${encodeURIComponent(`/photos/${photoId}`)}`,
      );
      expect(link['data-return-to']).toBe(`/photos/${photoId}`);
      expect((await owner.get(`${stack.baseUrl}${link.href}`)).status).toBe(200);
    });
  });

  describe('error pages', () => {
    /** An error page in the app's layout: header (with its nav), main, title, no stack. */
    function expectErrorPage(page: Page, status: number, title: string) {
      expect(page.status).toBe(status);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const $ = parsePage(page.body);
      expect($('title').text()).toBe(title);
      expect($('main#main h1').text()).toBe(title);
      expect($('header nav[aria-label="Main"]').length).toBe(1);
      expect(page.body).not.toMatch(/\bat .*\.[jt]s:\d+|node_modules|Error: /);
    }

    it('answers an unknown address with a 404 page in the app style, the path not echoed', async () => {
      for (const method of ['GET', 'POST']) {
        const page = await owner.request(`${stack.baseUrl}/nope/<i>x</i>?q=1`, { method });
        expectErrorPage(page, 404, 'Page not found');
        expect(text(page.body)).toContain('There is no page at this address.');
        expect(page.body).not.toContain('Cannot');
        expect(page.body).not.toContain('nope');
        expect(links(page.body).map((link) => link.text)).toEqual(
          expect.arrayContaining(['My photos', 'Home']),
        );
      }
      expectErrorPage(await new Browser().get(`${stack.baseUrl}/nope`), 404, 'Page not found');
    });

    it("answers another person's or a malformed photo id with the same 404 page", async () => {
      const stranger = await signUp(stack, {
        username: 'stranger',
        email: 'stranger@example.com',
        nickname: 'Stranger',
        password: 'stranger-password',
      });
      expectErrorPage(
        await stranger.get(`${stack.baseUrl}/photos/${photoId}`),
        404,
        'Page not found',
      );
      expectErrorPage(await owner.get(`${stack.baseUrl}/photos/not-an-id`), 404, 'Page not found');
    });

    it('keeps JSON under /api', async () => {
      const response = await fetch(`${stack.baseUrl}/api/nope`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toMatchObject({
        statusCode: 404,
        message: 'Cannot GET /api/nope',
      });
    });

    it('answers a failure on our side with a 500 page that tells nothing internal', async () => {
      const failure = new Error('password=hunter2 in /srv/secret.ts');
      const describe = jest
        .spyOn(stack.primary.app.get(InstanceInfoService), 'describe')
        .mockRejectedValue(failure);
      try {
        const page = await owner.get(`${stack.baseUrl}/info`);
        expectErrorPage(page, 500, 'Something went wrong');
        expect(text(page.body)).toContain('Something went wrong on our side. Please try again.');
        expect(page.body).not.toContain('hunter2');
        expect(signedInAs(page.body)).toBe('Demo');
      } finally {
        describe.mockRestore();
      }
    });
  });

  describe('accessibility', () => {
    const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), textarea, select, summary';

    it('starts every page with a skip link to the main content', async () => {
      for (const path of ['/', '/myphotos', `/photos/${photoId}`, '/info', '/nope']) {
        const $ = parsePage((await owner.get(`${stack.baseUrl}${path}`)).body);
        const first = $(FOCUSABLE).first();
        expect([path, first.attr('href'), first.text()]).toEqual([
          path,
          '#main',
          'Skip to main content',
        ]);
        expect($('main#main').length).toBe(1);
      }
    });

    it('marks the current page in the main navigation, and only it', async () => {
      const current = async (path: string) =>
        parsePage((await owner.get(`${stack.baseUrl}${path}`)).body)('[aria-current="page"]')
          .toArray()
          .map((element) => parsePage('')(element).text());
      expect(await current('/myphotos')).toEqual(['My photos']);
      expect(await current('/')).toEqual(['Photos']);
      expect(await current('/info')).toEqual([]);
    });

    it('renders no empty "Photo pages" navigation when every photo fits on one page', async () => {
      const $ = parsePage((await owner.get(`${stack.baseUrl}/myphotos`)).body);
      expect($('nav[aria-label="Photo pages"]').length).toBe(0);
      for (const element of $('nav, main, header, footer').toArray())
        expect($(element).text().trim()).not.toBe('');
    });
  });
});
