import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { fixture, photoIdsOn, signedIn, uploadPhoto } from '../photos/photos-test-kit';
import { seriousA11yViolations } from '../support/axe';
import sharp from 'sharp';
import { launchChromium } from '../support/chromium';
import { DEMO, TestStack } from '../support/test-stack';

/** Newest first on the grid: uploaded last, undated. */
const NAMES = ['Dunes', 'Estuary', 'Fjord', 'Glacier', 'Harbour', 'Island'];
/** A loaded machine is slow: every wait is on a condition, with room to spare. */
const PATIENT = { timeout: 45_000 };
const STEP_MS = 120_000;

/** Shown in the README beside the journey's (test/browser/journey.e2e-spec.ts), same names every run. */
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/** The window as a 256-colour PNG, as the journey saves its screenshots. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await sharp(png)
    .png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 })
    .toFile(join(SCREENSHOTS, `${name}.png`));
}

/** A computed style of the element, as the page draws it. */
function styleOf(
  locator: Locator,
  property: 'outlineStyle' | 'outlineWidth' | 'position',
): Promise<string> {
  return locator.evaluate((element, name) => {
    const view = globalThis as unknown as {
      getComputedStyle(target: unknown): Record<string, string>;
    };
    return view.getComputedStyle(element)[name];
  }, property);
}

/** The images' alt texts, in the page's order (run in the page). */
function altsOf(images: unknown[]): (string | null)[] {
  return images.map((image) =>
    (image as { getAttribute(name: string): string | null }).getAttribute('alt'),
  );
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (element) =>
      (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement ===
      element,
  );
}

/**
 * Selecting many photos in a real browser (public/js/selection.js over the plain form of
 * partials/selection-toolbar.hbs): by keyboard, "N selected", shift-click ranges, Escape and
 * Clear, Add to album and Remove from album, one confirmation for a Delete of several, and
 * Download as a zip. Without JavaScript the same form posts as it is
 * (test/albums/album-selection-pages.e2e-spec.ts and the selection routes' own suites).
 */
describe('Selecting many photos in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const url = (path: string) => `${stack.baseUrl}${path}`;
  const count = () => page.locator('#selection-count');
  const box = (name: string) => page.getByRole('checkbox', { name: `Select ${name}` });
  const bar = () => page.getByRole('form', { name: 'Selected photos' });
  const status = (text: string) => page.getByRole('status').filter({ hasText: text });

  beforeAll(async () => {
    stack = await TestStack.start();
    const owner = await signedIn(stack);
    for (const description of [...NAMES].reverse()) {
      const answer = await uploadPhoto(owner, stack, await fixture('rocket.jpg'), {
        description,
        filename: `${description.toLowerCase()}.jpg`,
      });
      expect(answer.status).toBe(303);
    }
    const albums = await owner.get(url('/albums'));
    const made = await owner.submit(albums, /^\/albums$/, { name: 'Trip' }, { follow: false });
    expect(made.status).toBe(303);

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(PATIENT.timeout);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await page.goto(url('/login'));
    await page.getByLabel('Username').fill(DEMO.username);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(url('/'));
  }, STEP_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  /** Tabs on from where focus is to the next photo's checkbox, and answers its name. */
  async function tabToNextCheckbox(): Promise<string> {
    for (let step = 0; step < 10; step++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = (
          globalThis as unknown as {
            document: { activeElement: { type?: string; labels?: { textContent: string }[] } };
          }
        ).document.activeElement;
        return element.type === 'checkbox' ? (element.labels?.[0]?.textContent ?? '') : null;
      });
      if (focused !== null) return focused;
    }
    throw new Error('No checkbox within ten Tab presses');
  }

  it(
    'selects three photos by keyboard, says "3 selected", passes axe, and adds them to an album',
    async () => {
      await page.goto(url('/myphotos'));
      // Nothing selected: the bar offers only "Select all on this page".
      await expect(bar().getByRole('button', { name: 'Add to album' }).isVisible()).resolves.toBe(
        false,
      );
      await expect(count().textContent()).resolves.toBe('');
      await expect(count().getAttribute('aria-live')).resolves.toBe('polite');

      await bar().getByRole('button', { name: 'Select all on this page' }).focus();
      const chosen: string[] = [];
      for (let n = 0; n < 3; n++) {
        chosen.push(await tabToNextCheckbox());
        await page.keyboard.press('Space');
      }
      expect(chosen).toEqual(NAMES.slice(0, 3).map((name) => `Select ${name}`));
      await expect(count().textContent()).resolves.toBe('3 selected');
      // The focused box shows the site's focus ring; a selected card its thick ring.
      const ring = await page.evaluate(() => {
        const view = globalThis as unknown as {
          document: { activeElement: unknown };
          getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string };
        };
        const style = view.getComputedStyle(view.document.activeElement);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      });
      expect(ring).toBe('solid 3px');
      const cards = page.locator('.photo-card');
      await expect(styleOf(cards.first(), 'outlineWidth')).resolves.toBe('4px');
      await expect(styleOf(cards.first(), 'outlineStyle')).resolves.toBe('solid');
      await expect(styleOf(cards.nth(3), 'outlineStyle')).resolves.toBe('none');
      // The bar stays in view while the grid scrolls.
      await expect(styleOf(bar(), 'position')).resolves.toBe('sticky');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await saveScreenshot(page, 'select-many-1280');
      await page.setViewportSize({ width: 375, height: 740 });
      await box(NAMES[2]).scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'select-many-375');
      await page.setViewportSize({ width: 1280, height: 800 });

      await bar().getByRole('button', { name: 'Add to album' }).click();
      await page.getByRole('heading', { name: 'Add 3 photos to an album' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('radio', { name: 'Trip' }).check();
      await page.getByRole('button', { name: 'Add to album' }).click();
      await status('Added 3 photos to “Trip”.').waitFor();
      expect(page.url()).toMatch(/\/albums\/[0-9a-f-]{36}$/);
      await expect(page.locator('.photo-grid img').evaluateAll(altsOf)).resolves.toEqual(
        NAMES.slice(0, 3),
      );
    },
    STEP_MS,
  );

  it(
    'removes two photos from the album; they stay in My photos',
    async () => {
      await box(NAMES[0]).check();
      await box(NAMES[2]).check();
      await expect(count().textContent()).resolves.toBe('2 selected');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await bar().getByRole('button', { name: 'Remove from album' }).click();
      await status('Removed 2 photos from this album.').waitFor();
      await expect(page.locator('.photo-grid img').evaluateAll(altsOf)).resolves.toEqual([
        NAMES[1],
      ]);
      await page.goto(url('/myphotos'));
      await expect(page.getByRole('checkbox', { name: /^Select / }).count()).resolves.toBe(6);
    },
    STEP_MS,
  );

  it(
    'selects a range with shift-click, all on the page, and clears with Clear and Escape',
    async () => {
      await page.goto(url('/myphotos'));
      await box(NAMES[1]).click();
      await box(NAMES[4]).click({ modifiers: ['Shift'] });
      await expect(count().textContent()).resolves.toBe('4 selected');
      const checked = await Promise.all(NAMES.map((name) => box(name).isChecked()));
      expect(checked).toEqual([false, true, true, true, true, false]);

      await page.keyboard.press('Escape');
      await expect(count().textContent()).resolves.toBe('');
      await expect(box(NAMES[2]).isChecked()).resolves.toBe(false);

      await bar().getByRole('button', { name: 'Select all on this page' }).click();
      await expect(count().textContent()).resolves.toBe('6 selected');
      await bar().getByRole('button', { name: 'Clear' }).click();
      await expect(count().textContent()).resolves.toBe('');
      await expect(page.getByRole('checkbox', { checked: true }).count()).resolves.toBe(0);
    },
    STEP_MS,
  );

  it(
    'deletes two photos after one confirmation; Escape or Cancel keeps them',
    async () => {
      await page.goto(url('/myphotos'));
      await box(NAMES[0]).check();
      await box(NAMES[1]).check();
      const dialog = page.getByRole('dialog', { name: 'Delete 2 photos?' });
      const deleteButton = bar().getByRole('button', { name: 'Delete', exact: true });

      await deleteButton.click();
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await expect(dialog.isVisible()).resolves.toBe(false);
      // Escape closed the dialog, not the selection; focus is back on Delete.
      await expect(count().textContent()).resolves.toBe('2 selected');
      await expect(isFocused(deleteButton)).resolves.toBe(true);

      await deleteButton.click();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog.isVisible()).resolves.toBe(false);

      await deleteButton.click();
      await dialog.getByRole('button', { name: 'Delete 2 photos' }).click();
      await status('Deleted 2 photos.').waitFor();
      expect(page.url()).toBe(url('/myphotos'));
      await expect(page.locator('label.select-photo').allTextContents()).resolves.toEqual(
        NAMES.slice(2).map((name) => `Select ${name}`),
      );
    },
    STEP_MS,
  );

  it(
    'downloads the selection as one zip',
    async () => {
      await page.goto(url('/myphotos'));
      await box(NAMES[2]).check();
      await box(NAMES[3]).check();
      const downloading = page.waitForEvent('download');
      await bar().getByRole('button', { name: 'Download' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.zip$/);
      const zip = await readFile(await download.path());
      expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
      for (const name of [NAMES[2], NAMES[3]])
        expect(zip.includes(Buffer.from(`${name.toLowerCase()}.jpg`))).toBe(true);
      expect(zip.includes(Buffer.from(`${NAMES[4].toLowerCase()}.jpg`))).toBe(false);
      // The page stays, with its selection.
      expect(page.url()).toBe(url('/myphotos'));
      await expect(count().textContent()).resolves.toBe('2 selected');
      const owner = await signedIn(stack);
      expect(photoIdsOn((await owner.get(url('/myphotos'))).body)).toHaveLength(4);
    },
    STEP_MS,
  );
});
