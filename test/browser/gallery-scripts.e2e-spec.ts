import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fixture, signedIn, uploadPhoto } from '../photos/photos-test-kit';
import { launchChromium } from '../support/chromium';
import { DEMO, TestStack } from '../support/test-stack';

/**
 * Our own scripts in a real browser: dates in the viewer's time zone (public/js/local-time.js)
 * and the delete dialog (public/js/delete-dialog.js). Without JavaScript both pages still work
 * (test/pages/site-pages.e2e-spec.ts).
 */
describe('Gallery scripts in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await TestStack.start();
    const owner = await signedIn(stack);
    for (const description of ['Launch day', 'Harbour at dusk', '']) {
      const answer = await uploadPhoto(owner, stack, await fixture('rocket.jpg'), { description });
      expect(answer.status).toBe(303);
    }
    browser = await launchChromium();
    context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    page = await context.newPage();
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByLabel('Username').fill(DEMO.username);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  it("shows upload dates in the viewer's time zone, naming it", async () => {
    await page.goto(`${stack.baseUrl}/myphotos`);
    const time = page.locator('time[data-local-time]').first();
    await expect(time.getAttribute('data-local-time-zone')).resolves.toBe('Asia/Tokyo');
    const iso = await time.getAttribute('datetime');
    const shown = await time.textContent();
    expect(shown).not.toContain('UTC');
    expect(shown).toContain('GMT+9');
    const tokyoHour = (new Date(iso ?? '').getUTCHours() + 9) % 24;
    expect(shown).toContain(`${String(tokyoHour).padStart(2, '0')}:`);
  });
});
