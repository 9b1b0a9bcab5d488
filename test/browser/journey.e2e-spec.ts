import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { seriousA11yViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { fixture } from '../support/fixtures';
import { TestStack } from '../support/test-stack';

/** Written by this suite, shown in the README: one PNG per view and width, same names every run. */
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
/** A loaded machine is slow: every wait is on a condition, with room to spare. */
const PATIENT = { timeout: 45_000 };
const STEP_MS = 180_000;

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 375, height: 740 },
];

/** The photos dropped onto the page, newest last; plus one the server must refuse by name. */
const DROPPED = [
  'rocket.jpg',
  'chelsea.png',
  'coffee-phone.jpg',
  'astronaut.webp',
  // An iPhone's photo: HEVC in HEIF, taken 2024-09-14 (the JPEG beside it: 2024-06-01).
  'coffee-phone.heic',
];
/** Chosen together, downloaded as one zip, then deleted after one confirmation. */
const SELECTED = ['astronaut.webp', 'chelsea.png'];
const REFUSED = 'not-an-image.jpg';

/**
 * The whole journey a person takes, in a real browser (Debian's Chromium, headless), at a desktop
 * and a phone width: home, sign-up on the local Cognito's hosted pages, several files dropped onto
 * the upload form with their progress (and one refused by name), the grid, a photo
 * page walked with the arrow keys, a description edited, deletes confirmed in a dialog (with
 * JavaScript) and on the confirmation page (without), the 404 and /info pages, and "Log out" after which Back
 * shows no photo. Every page passes axe-core's WCAG 2.2 A/AA rules with no serious or critical
 * violation, and every page's console stays clean.
 */
describe.each(VIEWPORTS)('A person using Photos in a browser $width px wide', (viewport) => {
  const username = `walker${viewport.width}`;
  const nickname = `Walker ${viewport.width}`;
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  /** [page, its serious or critical violations], in the order visited. */
  const a11y: [string, string[]][] = [];

  const shot = (name: string, options: { fullPage?: boolean } = {}) =>
    saveScreenshot(page, `${name}-${viewport.width}`, options.fullPage ?? false);
  const checkA11y = async (view: string) => {
    a11y.push([view, await seriousA11yViolations(page)]);
  };
  const status = (text: string) => page.getByRole('status').filter({ hasText: text });
  /** The hosted sign-in page's address (the app's own authorize parameters), once seen. */
  let signInUrl: URL | undefined;

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await launchChromium();
    // A time zone other than the server's UTC, so dates show in the viewer's own.
    context = await browser.newContext({
      viewport,
      deviceScaleFactor: 1,
      timezoneId: 'Europe/Paris',
      locale: 'en-GB',
    });
    context.setDefaultTimeout(PATIENT.timeout);
    page = await context.newPage();
    // A CSP violation, a failed script or resource, or a script error shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await mkdir(SCREENSHOTS, { recursive: true });
  }, STEP_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it(
    'finds the home page, the hosted sign-in and sign-up pages, and signs up',
    async () => {
      await page.goto(`${stack.baseUrl}/`);
      await page.getByRole('heading', { name: 'Photos', level: 1 }).waitFor();
      await checkA11y('home');
      await shot('home');

      await page.getByRole('link', { name: 'Log in / Sign up' }).first().click();
      await page.waitForURL(`${stack.idp.origin}/login?**`);
      await page.getByLabel('Username').waitFor();
      signInUrl = new URL(page.url());
      await checkA11y('sign-in');
      await shot('sign-in');

      await page.getByRole('link', { name: 'Sign up' }).click();
      await page.waitForURL(`${stack.idp.origin}/signup?**`);
      await checkA11y('sign-up');
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Email').fill(`${username}@example.com`);
      await page.getByLabel('Nickname').fill(nickname);
      await page.getByLabel('Password').fill('walker-password');
      await page.getByRole('button', { name: 'Sign up' }).click();
      // Going nowhere in particular, a new sign-in lands on "My photos", not the home page.
      await page.waitForURL(`${stack.baseUrl}/myphotos`);
      await page.goto(`${stack.baseUrl}/`);
      await page.getByRole('heading', { name: `Hello, ${nickname}` }).waitFor();
      // The header names who is signed in, on every page.
      await expect(page.getByRole('banner').innerText()).resolves.toContain(nickname);
      await checkA11y('home, signed in');
    },
    STEP_MS,
  );

  it(
    'drops several files onto the page, watches their progress, and sees the good ones in the grid and the refused one named',
    async () => {
      await page.getByRole('link', { name: 'My photos' }).first().click();
      await page.waitForURL(`${stack.baseUrl}/myphotos`);
      await checkA11y('my photos, empty');
      await page.getByLabel('Description').fill('Dropped together');
      await dropFiles(page, [...DROPPED, `bad/${REFUSED}`]);
      await expect(page.getByRole('list', { name: 'Chosen files' }).innerText()).resolves.toMatch(
        /rocket\.jpg[\s\S]*chelsea\.png[\s\S]*coffee-phone\.jpg[\s\S]*not-an-image\.jpg/,
      );

      // A slow link (1 Mbit/s up) so progress can be seen, and captured, part way.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 20,
        downloadThroughput: -1,
        uploadThroughput: 128 * 1024,
      });
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.waitForFunction(() => {
        const bars = Array.from(
          (
            globalThis as unknown as {
              document: { querySelectorAll(s: string): ArrayLike<{ value: number }> };
            }
          ).document.querySelectorAll('progress'),
        );
        return bars.some((bar) => bar.value > 5 && bar.value < 95);
      });
      await expect(page.getByRole('button', { name: 'Upload' }).isDisabled()).resolves.toBe(true);
      await shot('upload-progress', { fullPage: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();

      // The page reloads with the outcome: three stored, the fourth refused by name.
      await status('Uploaded').waitFor();
      await expect(page.getByRole('alert').innerText()).resolves.toContain(REFUSED);
      await expect(page.locator('.photo-grid img').count()).resolves.toBe(DROPPED.length);
      await waitForImages(page);
      await checkA11y('upload result');
      await shot('grid', { fullPage: true });
      await expectCompactLayout(page, viewport.width);
      // The grid's Delete buttons are each named after their photo.
      await expect(page.getByRole('button', { name: /^Delete .+/ }).count()).resolves.toBe(
        DROPPED.length,
      );
    },
    STEP_MS,
  );

  it(
    'sees the timeline by date taken, jumps to a month, and finds a photo by the start of a word from the header',
    async () => {
      // The two coffee photos say when they were taken; the others are dated by their upload.
      const uploadMonth = new Intl.DateTimeFormat('en', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date());
      await expect(page.locator('.month-heading').allInnerTexts()).resolves.toEqual([
        uploadMonth,
        'September 2024',
        'June 2024',
      ]);
      await page.getByLabel('Jump to').selectOption({ label: 'June 2024 (1)' });
      await page.getByRole('button', { name: 'Go' }).click();
      await page.waitForURL(`${stack.baseUrl}/myphotos?month=2024-06`);
      await expect(page.locator('.photo-grid img').count()).resolves.toBe(1);
      await expect(page.locator('.month-heading').allInnerTexts()).resolves.toEqual(['June 2024']);
      await page.getByRole('link', { name: 'Newer photos' }).waitFor();

      const search = page.getByRole('searchbox', { name: 'Search your photos' });
      await search.fill('COFF');
      await search.press('Enter');
      await page.waitForURL(`${stack.baseUrl}/search?q=COFF`);
      // The JPEG and the HEIC, found by their file name: the description is the same for all.
      await expect(page.locator('.photo-grid img').count()).resolves.toBe(2);
      for (const card of await page.locator('.photo-card').all())
        await expect(card.innerText()).resolves.toMatch(/Taken .*2024/);
      await waitForImages(page);
      await checkA11y('search results');
      await shot('search', { fullPage: true });
      await page.goto(`${stack.baseUrl}/myphotos`);
    },
    STEP_MS,
  );

  it(
    'selects two photos, downloads them as one zip, and deletes both after one confirmation',
    async () => {
      const bar = page.getByRole('form', { name: 'Selected photos' });
      const box = (file: string) =>
        page.getByRole('checkbox', { name: new RegExp(`^Select .*${file.replace('.', '\\.')}`) });
      for (const file of SELECTED) await box(file).check();
      await bar.getByText('2 selected').waitFor();
      await checkA11y('selection');

      const downloading = page.waitForEvent('download');
      await bar.getByRole('button', { name: 'Download' }).click();
      const zip = await readFile(await (await downloading).path());
      expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
      for (const file of DROPPED)
        expect(zip.includes(Buffer.from(file))).toBe(SELECTED.includes(file));

      await bar.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete 2 photos?' });
      await dialog.getByRole('button', { name: 'Delete 2 photos' }).click();
      await status('Deleted 2 photos.').waitFor();
      await expect(page.locator('.photo-grid img').count()).resolves.toBe(
        DROPPED.length - SELECTED.length,
      );
      for (const file of SELECTED) await expect(box(file).count()).resolves.toBe(0);
    },
    STEP_MS,
  );

  it(
    'opens a photo page, walks to the older and back to the newer photo with the arrow keys, and edits its description',
    async () => {
      const grid = page.url();
      await page.locator('.photo-grid a').first().click();
      await page.waitForURL(/\/photos\/[0-9a-f-]+(\?.*)?$/);
      const newest = page.url();
      await waitForImages(page);
      await checkA11y('photo page');
      await shot('photo', { fullPage: true });

      await page.keyboard.press('ArrowRight');
      await page.waitForURL((url) => url.toString() !== newest);
      const older = page.url();
      await expect(page.getByRole('link', { name: 'Newer photo' }).isVisible()).resolves.toBe(true);
      await page.keyboard.press('ArrowLeft');
      await page.waitForURL(newest);
      expect(older).not.toBe(newest);

      await page.getByText('Edit description').click();
      await page.getByRole('textbox', { name: 'Description' }).fill('Edited on its page');
      await page.getByRole('button', { name: 'Save description' }).click();
      await page.locator('figcaption', { hasText: 'Edited on its page' }).waitFor();
      await expect(
        page.getByRole('link', { name: 'Back to my photos' }).getAttribute('href'),
      ).resolves.toBe(new URL(grid).pathname);
    },
    STEP_MS,
  );

  it(
    'deletes the photo from its page after confirming in the dialog, and finds it gone from the grid page it came from',
    async () => {
      const deleted = new URL(page.url()).pathname;
      const grid = await page.getByRole('link', { name: 'Back to my photos' }).getAttribute('href');
      await page.getByRole('link', { name: /^Delete/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this photo?' });
      await dialog.waitFor();
      await checkA11y('delete dialog');
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await status('Deleted').waitFor();
      await expect(page.getByText('Edited on its page').count()).resolves.toBe(0);
      // On the next photo, whose way back is still the grid page the deleted one was opened from.
      expect(new URL(page.url()).pathname).not.toBe(deleted);
      await page.getByRole('link', { name: 'Back to my photos' }).click();
      await page.waitForURL(`${stack.baseUrl}${grid}`);
      await expect(page.locator('.photo-grid img').count()).resolves.toBe(
        DROPPED.length - SELECTED.length - 1,
      );
      await expect(
        page.locator(`.photo-grid img[src="${deleted}/thumbnail"]`).count(),
      ).resolves.toBe(0);
      await expect(page.getByText('Edited on its page').count()).resolves.toBe(0);
    },
    STEP_MS,
  );

  it(
    'deletes from the grid through the confirmation page when JavaScript is off',
    async () => {
      const noScript = await browser.newContext({
        viewport,
        javaScriptEnabled: false,
        storageState: await context.storageState(),
      });
      noScript.setDefaultTimeout(PATIENT.timeout);
      const plain = await noScript.newPage();
      try {
        await plain.goto(`${stack.baseUrl}/myphotos`);
        const before = await plain.locator('.photo-grid img').count();
        await plain
          .getByRole('button', { name: /^Delete .+/ })
          .first()
          .click();
        await plain.waitForURL(/\/myphotos\/[^/]+\/delete/);
        await plain.getByRole('heading', { name: 'Delete this photo?' }).waitFor();
        // axe needs JavaScript: the same confirmation page, checked in the scripted tab.
        await page.goto(plain.url());
        await page.getByRole('heading', { name: 'Delete this photo?' }).waitFor();
        await checkA11y('confirmation page');
        await shot('delete-confirmation');
        await plain.getByRole('button', { name: 'Delete', exact: true }).click();
        await plain.getByRole('status').filter({ hasText: 'Deleted' }).waitFor();
        await expect(plain.locator('.photo-grid img').count()).resolves.toBe(before - 1);
      } finally {
        await noScript.close();
      }
    },
    STEP_MS,
  );

  it(
    'gets the app’s own 404 page for an unknown address, and the instance page',
    async () => {
      const response = await page.goto(`${stack.baseUrl}/nope`);
      expect(response?.status()).toBe(404);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expect(page.getByRole('banner').innerText()).resolves.toContain(nickname);
      // The expected 404 is the browser's own console line, not a fault of the page.
      problems.splice(
        0,
        problems.length,
        ...problems.filter((p) => !p.includes('/nope: Failed to load resource')),
      );
      await checkA11y('404');

      await page.goto(`${stack.baseUrl}/info`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await checkA11y('info');

      await page.goto(`${stack.baseUrl}/logout`);
      await page.getByRole('heading', { name: 'Log out', level: 1 }).waitFor();
      await checkA11y('log out page');

      // The local Cognito's error page (an unregistered redirect_uri): a way back to the app only.
      const refused = new URL(signInUrl!);
      refused.pathname = '/oauth2/authorize';
      refused.searchParams.set('redirect_uri', 'https://evil.example/callback');
      const answer = await page.goto(refused.toString());
      expect(answer?.status()).toBe(400);
      await page.waitForURL(`${stack.idp.origin}/error?**`);
      await expect(
        page.getByRole('link', { name: 'Back to Photos' }).getAttribute('href'),
      ).resolves.toMatch(new RegExp(`^${stack.baseUrl}/?$`));
      problems.splice(
        0,
        problems.length,
        ...problems.filter((p) => !p.includes('/error?') || !p.includes('400')),
      );
      await checkA11y('hosted error page');
    },
    STEP_MS,
  );

  it(
    'logs out, and the Back button shows no photo',
    async () => {
      await page.goto(`${stack.baseUrl}/myphotos`);
      await expect(page.locator('.photo-grid img').count()).resolves.toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Log out' }).first().click();
      await page.waitForURL(`${stack.baseUrl}/`);
      await page.getByRole('link', { name: 'Log in / Sign up' }).first().waitFor();
      await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();

      await page.goBack();
      await page.waitForLoadState('load');
      // The grid was not kept (no-store): Back asks again, and the signed-out answer has no photo.
      await expect(page.locator('img[src^="/photos/"]').count()).resolves.toBe(0);
      await expect(page.getByText('Dropped together').count()).resolves.toBe(0);
    },
    STEP_MS,
  );

  it('passed axe (WCAG 2.2 A/AA) on every page with no serious or critical violation', () => {
    expect(a11y.filter(([, violations]) => violations.length > 0)).toEqual([]);
    expect(a11y.map(([view]) => view)).toEqual([
      'home',
      'sign-in',
      'sign-up',
      'home, signed in',
      'my photos, empty',
      'upload result',
      'search results',
      'selection',
      'photo page',
      'delete dialog',
      'confirmation page',
      '404',
      'info',
      'log out page',
      'hosted error page',
    ]);
  });

  it('met no console error, CSP violation or broken script on the way', () => {
    expect(problems).toEqual([]);
  });
});

/**
 * A screenshot as a 256-colour PNG (sharp's palette quantisation): a photo page drops from about
 * 500 KB to well under 300 KB, small enough for the repository and the README.
 */
async function saveScreenshot(page: Page, name: string, fullPage: boolean): Promise<void> {
  const png = await page.screenshot({ fullPage, animations: 'disabled', caret: 'hide' });
  await sharp(png)
    .png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 })
    .toFile(join(SCREENSHOTS, `${name}.png`));
}

/**
 * On a phone the header takes two lines at most (the name and its links, then who is signed in),
 * "Log out" stays on screen, and the grid shows thumbnails two to a row; a desktop has more. The
 * thumbnails are square crops at every width.
 */
async function expectCompactLayout(page: Page, width: number): Promise<void> {
  const box = async (locator: ReturnType<Page['locator']>) => {
    const found = await locator.boundingBox();
    if (!found) throw new Error('not laid out');
    return found;
  };
  const brand = await box(page.locator('.site-header .brand'));
  const logOut = await box(page.getByRole('button', { name: 'Log out' }));
  const myPhotos = await box(page.locator('.site-header').getByRole('link', { name: 'My photos' }));
  const header = await box(page.locator('.site-header'));
  // One row for the name, "My photos" and "Log out": each starts above the others' bottoms.
  for (const item of [logOut, myPhotos]) expect(item.y).toBeLessThan(brand.y + brand.height);
  expect(logOut.x + logOut.width).toBeLessThanOrEqual(width);
  const cards = await page.locator('.photo-card').all();
  const [first, second] = [await box(cards[0]), await box(cards[1])];
  expect(second.y).toBe(first.y); // side by side
  // Square thumbnails at every width, so portrait and landscape photos line up in a row.
  for (const thumbnail of await page.locator('.photo-card img').all()) {
    const { width: w, height: h } = await box(thumbnail);
    expect(Math.abs(w - h)).toBeLessThanOrEqual(1);
  }
  if (width <= 400) {
    // Three short rows: the name and links, who is signed in, the search box.
    expect(header.height).toBeLessThan(140);
    const search = await box(page.locator('.site-header').getByRole('searchbox'));
    expect(search.x + search.width).toBeLessThanOrEqual(width);
    expect(first.width).toBeLessThan(width / 2);
    expect(await box(cards[2])).toMatchObject({ x: first.x }); // the third starts row two
  }
}

/**
 * Drops fixture files onto the upload form as a person dragging them from their desktop would:
 * the File objects are built in the page from the fixtures' bytes and carried by one DataTransfer
 * through dragenter, dragover and drop on the form.
 */
async function dropFiles(page: Page, names: string[]): Promise<void> {
  const files = await Promise.all(
    names.map(async (name) => ({
      name: name.split('/').pop()!,
      base64: (await fixture(name)).toString('base64'),
    })),
  );
  const target = page.locator('form.upload-form');
  const transfer = await page.evaluateHandle((list) => {
    const { DataTransfer, File, atob } = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: unknown[], name: string) => unknown;
      atob: (text: string) => string;
    };
    const data = new DataTransfer();
    for (const file of list)
      data.items.add(
        new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name),
      );
    return data;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop'])
    await target.dispatchEvent(type, { dataTransfer: transfer });
  await transfer.dispose();
}

/** Every <img> with a source on the page has loaded (and is not broken); lazy ones aside. */
async function waitForImages(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as {
      document: {
        images: ArrayLike<{
          complete: boolean;
          naturalWidth: number;
          loading: string;
          getAttribute(name: string): string | null;
        }>;
      };
    };
    return Array.from(document.images).every(
      (img) =>
        !img.getAttribute('src') ||
        img.loading === 'lazy' ||
        (img.complete && img.naturalWidth > 0),
    );
  }, PATIENT);
}
