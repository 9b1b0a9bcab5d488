import { Browser, chromium } from 'playwright-core';
import { TestStack } from '../support/test-stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('The API documentation page', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
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
