import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { fixturePath } from '../support/fixtures';
import { DEMO, TestStack } from '../support/test-stack';

const SCREENSHOTS = join(__dirname, '..', '..', 'test-results');

/** The whole journey a person takes, in a real browser (Debian's Chromium, headless). */
describe('A person using Photos in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await launchChromium();
    page = await browser.newPage();
    // A CSP violation, a failed script or a broken image shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs up on the hosted page and is greeted by nickname', async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.getByRole('link', { name: 'Log in / Sign up' }).first().click();
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Username').fill('walker');
    await page.getByLabel('Email').fill('walker@example.com');
    await page.getByLabel('Nickname').fill('Walker');
    await page.getByLabel('Password').fill('walker-password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await expect(page.getByRole('heading', { name: 'Hello, Walker' }).isVisible()).resolves.toBe(
      true,
    );
  });

  it('uploads a phone photo, sees it upright with its description, then deletes it', async () => {
    await page.getByRole('link', { name: 'My photos' }).first().click();
    await page.waitForURL(`${stack.baseUrl}/myphotos`);
    await page.getByLabel('Photo', { exact: true }).setInputFiles(fixturePath('coffee-phone.jpg'));
    await page.getByLabel('Description').fill('Morning coffee <b>bold</b>');
    await page.getByRole('button', { name: 'Upload' }).click();
    // The form posts back to the same URL, so wait for what the new page shows, not for the URL.
    await page.getByRole('status').filter({ hasText: 'Uploaded' }).waitFor();

    const image = page.getByRole('img', { name: 'Morning coffee <b>bold</b>' });
    await image.waitFor();
    // This runs in the page; the project compiles without DOM types, hence the small local type.
    type LoadedImage = {
      alt: string;
      complete: boolean;
      naturalWidth: number;
      naturalHeight: number;
    };
    await page.waitForFunction((alt) => {
      const { document } = globalThis as unknown as {
        document: { images: ArrayLike<LoadedImage> };
      };
      const img = Array.from(document.images).find((i) => i.alt === alt);
      return Boolean(img && img.complete && img.naturalWidth > 0);
    }, 'Morning coffee <b>bold</b>');
    const size = await image.evaluate((img: LoadedImage) => ({
      w: img.naturalWidth,
      h: img.naturalHeight,
    }));
    expect(size.w).toBeLessThan(size.h); // EXIF orientation 6 applied: portrait
    await page.screenshot({ path: join(SCREENSHOTS, 'myphotos.png'), fullPage: true });

    // The grid's Delete (named after its photo) asks first, in a dialog (without JavaScript, on
    // the confirmation page).
    await page.getByRole('button', { name: 'Delete Morning coffee <b>bold</b>' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this photo?' });
    await dialog.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'delete-confirmation.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted' }).waitFor();
    await expect(image.count()).resolves.toBe(0);
  });

  it('logs out, and signs in again as the demo user', async () => {
    await page.getByRole('button', { name: 'Log out' }).first().click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await expect(
      page.getByRole('link', { name: 'Log in / Sign up' }).first().isVisible(),
    ).resolves.toBe(true);

    await page.getByRole('link', { name: 'Log in / Sign up' }).first().click();
    await page.getByLabel('Username').fill(DEMO.username);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
    await expect(page.getByRole('heading', { name: 'Hello, Demo' }).isVisible()).resolves.toBe(
      true,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'home.png'), fullPage: true });
  });

  it('met no console error, CSP violation or broken script on the way', () => {
    expect(problems).toEqual([]);
  });
});
