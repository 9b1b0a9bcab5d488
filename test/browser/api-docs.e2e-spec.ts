import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { TestStack } from '../support/test-stack';

describe('The API documentation page', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('renders Swagger UI under the strict CSP, listing the photo routes', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${stack.baseUrl}/api/docs`);
    await page.getByText('/api/photos/{id}').first().waitFor({ timeout: 15_000 });
    await expect(page.getByText('Photos API').first().isVisible()).resolves.toBe(true);
    expect(problems).toEqual([]);
  });
});
