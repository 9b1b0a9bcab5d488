import fs from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser } from '../support/browser';
import { DEMO, TestStack } from '../support/test-stack';

const PUBLIC = join(__dirname, '..', '..', 'public');
const VIEWS = join(__dirname, '..', '..', 'views');
const ONE_YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';
/** A file under public/ outside the static folders: it must not become reachable. */
const STRAY_DIR = join(PUBLIC, 'api');
const STRAY_FILE = join(STRAY_DIR, `stray-${process.pid}.txt`);

/** The first `<link rel=…>` href on a page. */
function linkHref(html: string, rel: string): string {
  const match = new RegExp(`<link rel="${rel}" href="([^"]+)"`).exec(html);
  if (!match) throw new Error(`No <link rel="${rel}"> on the page`);
  return match[1];
}

/** The paths fs.<method> is called with while `work` runs. */
async function pathsTouched(
  methods: ('stat' | 'statSync' | 'readFile' | 'readFileSync')[],
  work: () => Promise<unknown>,
): Promise<string[]> {
  const spies = methods.map((method) => jest.spyOn(fs, method));
  try {
    await work();
    return spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

describe('Static files and views', () => {
  let stack: TestStack;

  beforeAll(async () => {
    await mkdir(STRAY_DIR, { recursive: true });
    await writeFile(STRAY_FILE, 'not a static file');
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await rm(STRAY_FILE, { force: true });
    await rm(STRAY_DIR, { force: true, recursive: false }).catch(() => undefined);
    await stack?.close();
  });

  it('links fingerprinted stylesheet and icon, served with a one-year immutable cache', async () => {
    const html = await (await fetch(`${stack.baseUrl}/`)).text();
    const stylesheet = linkHref(html, 'stylesheet');
    const icon = linkHref(html, 'icon');
    expect(stylesheet).toMatch(/^\/css\/site\.[0-9a-f]{12}\.css$/);
    expect(icon).toMatch(/^\/favicon\.[0-9a-f]{12}\.svg$/);

    const css = await fetch(`${stack.baseUrl}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toBe(ONE_YEAR_IMMUTABLE);
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
    expect(css.headers.get('set-cookie')).toBeNull();
    expect(await css.text()).toBe(await readFile(join(PUBLIC, 'css', 'site.css'), 'utf8'));
    const svg = await fetch(`${stack.baseUrl}${icon}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('cache-control')).toBe(ONE_YEAR_IMMUTABLE);
  });

  it('serves static files without loading a signed-in visitor’s session', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const cookie = browser.jar.header(`${stack.baseUrl}/`)!;
    // A page does load it: rolling expiry sends the cookie back on every answer.
    const page = await fetch(`${stack.baseUrl}/`, { headers: { cookie } });
    expect(page.headers.get('set-cookie')).toContain('photos.sid=');
    for (const path of ['/css/site.css', '/js/upload.js', '/css/missing.css', '/favicon.ico']) {
      const response = await fetch(`${stack.baseUrl}${path}`, { headers: { cookie } });
      expect({ path, setCookie: response.headers.get('set-cookie') }).toEqual({
        path,
        setCookie: null,
      });
    }
  });

  it('still answers the plain URL, with a short cache only', async () => {
    const css = await fetch(`${stack.baseUrl}/css/site.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('answers 404 for unknown or stale fingerprints and for files added after start', async () => {
    const late = join(PUBLIC, 'css', `late-${process.pid}.css`);
    await writeFile(late, 'body{}');
    try {
      for (const path of [
        '/css/nope.css',
        '/css/site.000000000000.css',
        `/css/late-${process.pid}.css`,
        '/js/nope.js',
      ]) {
        const response = await fetch(`${stack.baseUrl}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
    } finally {
      await rm(late, { force: true });
    }
  });

  it('serves nothing from public/ outside its static paths', async () => {
    const stray = await fetch(`${stack.baseUrl}/api/${STRAY_FILE.split('/').pop()}`);
    expect(stray.status).toBe(404);
    expect(await stray.text()).not.toContain('not a static file');
    // The local Cognito's files are its own, not the app's.
    expect((await fetch(`${stack.baseUrl}/local-cognito/style.css`)).status).toBe(404);
  });

  it('looks at no file on the disk for API, health and page requests', async () => {
    await fetch(`${stack.baseUrl}/`); // views compiled on first use
    const touched = await pathsTouched(['stat', 'statSync'], () =>
      Promise.all(
        ['/api/photos', '/health/live', '/', '/no/such/page'].map((path) =>
          fetch(`${stack.baseUrl}${path}`).then((response) => response.text()),
        ),
      ),
    );
    expect(touched.filter((path) => path.startsWith(PUBLIC))).toEqual([]);
  });

  it('compiles each view once: signed-in pages render without reading templates again', async () => {
    const browser = new Browser();
    await browser.signIn(stack.baseUrl, DEMO.username, DEMO.password);
    const pages = ['/', '/myphotos', '/info'];
    for (const path of pages)
      expect((await browser.get(`${stack.baseUrl}${path}`)).status).toBe(200);

    let bodies: string[] = [];
    const touched = await pathsTouched(
      ['stat', 'statSync', 'readFile', 'readFileSync'],
      async () => {
        bodies = await Promise.all(
          pages.map(async (path) => (await browser.get(`${stack.baseUrl}${path}`)).body),
        );
      },
    );
    expect(touched.filter((path) => path.startsWith(VIEWS))).toEqual([]);
    expect(bodies[0]).toContain('Hello, Demo');
    expect(bodies[1]).toContain('My photos');
  });

  it("gives the local Cognito's hosted pages fingerprinted, immutable assets", async () => {
    const page = await new Browser().get(`${stack.baseUrl}/login`);
    expect(page.url.startsWith(stack.env.COGNITO_DOMAIN)).toBe(true);
    const stylesheet = linkHref(page.body, 'stylesheet');
    expect(stylesheet).toMatch(/^\/static\/style\.[0-9a-f]{12}\.css$/);
    const css = await fetch(`${stack.env.COGNITO_DOMAIN}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe(ONE_YEAR_IMMUTABLE);
    expect(await css.text()).toBe(
      await readFile(
        join(__dirname, '..', '..', 'packages', 'local-cognito', 'public', 'style.css'),
        'utf8',
      ),
    );
    const icon = linkHref(page.body, 'icon');
    expect((await fetch(`${stack.env.COGNITO_DOMAIN}${icon}`)).status).toBe(200);
    expect((await fetch(`${stack.env.COGNITO_DOMAIN}/static/nope.css`)).status).toBe(404);
  });
});
