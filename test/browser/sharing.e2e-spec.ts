import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { ApiUser } from '../albums/sharing-kit';
import { seriousA11yViolations } from '../support/axe';
import { launchChromium } from '../support/chromium';
import { DEMO, TestStack } from '../support/test-stack';

/** Written by this suite, listed in the README's screenshot table. */
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const PATIENT = { timeout: 45_000 };
const STEP_MS = 180_000;

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 375, height: 740 },
];

/**
 * Sharing in a real browser at a desktop and a phone width: make an album, add photos to it from
 * their pages, share it, open the link in a fresh browser (no cookies: a stranger), revoke it,
 * and the stranger's reload says the link is not available. Every new page passes axe's WCAG 2.2
 * A/AA rules with no serious or critical violation, and no page logs an error (CSP included).
 */
describe.each(VIEWPORTS)('Sharing an album in a browser $width px wide', (viewport) => {
  let stack: TestStack;
  let browser: Browser;
  let owner: BrowserContext;
  let stranger: BrowserContext;
  let page: Page;
  let visitorPage: Page;
  let link = '';
  const problems: string[] = [];
  const a11y: [string, string[]][] = [];

  const shot = (target: Page, name: string) => saveScreenshot(target, `${name}-${viewport.width}`);
  const checkA11y = async (target: Page, view: string) => {
    a11y.push([view, await seriousA11yViolations(target)]);
  };
  const watch = (target: Page) => {
    target.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${target.url()}: ${message.text()}`);
    });
    target.on('pageerror', (error) => problems.push(`${target.url()}: ${error.message}`));
  };

  beforeAll(async () => {
    stack = await TestStack.start();
    const api = await ApiUser.of(stack);
    await api.upload('rocket.jpg', 'Rocket on the pad');
    await api.upload('chelsea.png', 'Chelsea the cat');
    await api.upload('coffee-phone.jpg', 'Not for sharing');
    browser = await launchChromium();
    const options = { viewport, deviceScaleFactor: 1, locale: 'en-GB' };
    owner = await browser.newContext(options);
    owner.setDefaultTimeout(PATIENT.timeout);
    page = await owner.newPage();
    watch(page);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByLabel('Username').fill(DEMO.username);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/myphotos`);
  }, STEP_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it(
    'makes an album and adds two photos to it from their pages',
    async () => {
      await page.getByRole('link', { name: 'Albums', exact: true }).click();
      await page.waitForURL(`${stack.baseUrl}/albums`);
      await checkA11y(page, 'albums, empty');
      await page.getByLabel('Album name').fill('Summer trip');
      await page.getByRole('button', { name: 'New album' }).click();
      await page.getByRole('heading', { name: 'Summer trip', level: 1 }).waitFor();
      const albumUrl = page.url();

      for (const description of ['Rocket on the pad', 'Chelsea the cat']) {
        await page.goto(`${stack.baseUrl}/myphotos`);
        await page.getByRole('img', { name: description }).click();
        await page.getByRole('link', { name: 'Add to album' }).click();
        await page.getByRole('heading', { name: 'Add to album' }).waitFor();
        await checkA11y(page, 'add to album');
        await page.getByLabel('Summer trip').check();
        await page.getByRole('button', { name: 'Add to album' }).click();
        await page.waitForURL(albumUrl);
        await page.getByRole('status').filter({ hasText: 'Added to “Summer trip”' }).waitFor();
      }
      await expect(page.locator('.photo-grid img').count()).resolves.toBe(2);
      await waitForImages(page);
      await checkA11y(page, 'album');
      await shot(page, 'album');

      await page.getByRole('link', { name: 'Albums', exact: true }).click();
      await expect(page.locator('.album-card').innerText()).resolves.toContain('2 photos');
      await waitForImages(page);
      await checkA11y(page, 'albums');
      await shot(page, 'albums');
    },
    STEP_MS,
  );

  it(
    'shares the album and copies the link',
    async () => {
      await page.getByRole('link', { name: /Summer trip/ }).click();
      await page.getByText('Share', { exact: true }).click();
      await page.getByLabel('Link stops working').selectOption('7');
      await expect(page.getByText('keep their location data').isVisible()).resolves.toBe(true);
      await checkA11y(page, 'album, share form open');
      await shot(page, 'share-form');
      await page.getByRole('button', { name: 'Create link' }).click();
      await page.waitForURL(/\/shares\?created=/);
      const field = page.getByLabel('Link', { exact: true });
      link = await field.inputValue();
      expect(link).toMatch(new RegExp(`^${stack.baseUrl}/s/[\\w-]{43}$`));
      await owner.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: stack.baseUrl,
      });
      await page.getByRole('button', { name: /^Copy/ }).click();
      await page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
      await checkA11y(page, 'shared links');
      await shot(page, 'shares');
    },
    STEP_MS,
  );

  it(
    'opens the link in a fresh browser, which sees the album and nothing else',
    async () => {
      stranger = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB' });
      stranger.setDefaultTimeout(PATIENT.timeout);
      visitorPage = await stranger.newPage();
      watch(visitorPage);
      const answer = await visitorPage.goto(link);
      expect(answer?.status()).toBe(200);
      expect(answer?.headers()['x-robots-tag']).toBe('noindex, nofollow');
      await visitorPage.getByRole('heading', { name: 'Summer trip', level: 1 }).waitFor();
      await expect(visitorPage.getByText('Shared by Demo').count()).resolves.toBe(1);
      await expect(visitorPage.locator('.photo-grid img').count()).resolves.toBe(2);
      await expect(visitorPage.getByRole('img', { name: 'Not for sharing' }).count()).resolves.toBe(
        0,
      );
      await expect(visitorPage.getByRole('button').count()).resolves.toBe(0);
      await waitForImages(visitorPage);
      await checkA11y(visitorPage, 'shared album');
      await shot(visitorPage, 'shared-album');
    },
    STEP_MS,
  );

  it(
    'revokes the link; the stranger’s reload says it is not available',
    async () => {
      await page.getByRole('button', { name: /^Revoke/ }).click();
      await page.getByRole('status').filter({ hasText: 'Link revoked' }).waitFor();
      const answer = await visitorPage.reload();
      expect(answer?.status()).toBe(404);
      await visitorPage.getByRole('heading', { name: 'This link is not available' }).waitFor();
      await expect(visitorPage.locator('img').count()).resolves.toBe(0);
      await checkA11y(visitorPage, 'link not available');
      await shot(visitorPage, 'share-revoked');
    },
    STEP_MS,
  );

  it('had no serious accessibility violation and no console error on any page', () => {
    expect(a11y.filter(([, found]) => found.length > 0)).toEqual([]);
    // The 404 of the revoked link is logged by the browser as a failed load: that one is expected.
    expect(problems.filter((problem) => !/status of 404/.test(problem))).toEqual([]);
  });
});

async function saveScreenshot(page: Page, name: string): Promise<void> {
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await sharp(png)
    .png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 })
    .toFile(join(SCREENSHOTS, `${name}.png`));
}

/** Every <img> on the page has loaded (so screenshots show photos, not empty boxes). */
async function waitForImages(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const images = Array.from(
      (
        globalThis as unknown as {
          document: { images: ArrayLike<{ complete: boolean; naturalWidth: number }> };
        }
      ).document.images,
    );
    return images.every((image) => image.complete && image.naturalWidth > 0);
  });
}
