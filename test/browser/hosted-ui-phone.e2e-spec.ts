import type { Browser, Page } from 'playwright-core';
import { authorizeUrl } from '../../packages/local-cognito/test/support/hosted-ui';
import { TestIdp } from '../../packages/local-cognito/test/support/test-idp';
import { launchChromium } from '../support/chromium';

const PHONE = { width: 375, height: 812 };

/** The local Cognito's hosted pages on a 375 px phone: nothing to scroll sideways. */
describe('Hosted sign-in and sign-up on a phone', () => {
  let idp: TestIdp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    idp = await TestIdp.start();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: PHONE });
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
  });

  // A string runs in the page, where `document` exists (this project's types have no DOM lib).
  const pageWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');

  it.each(['/login', '/signup'])('%s fits 375 px without sideways scrolling', async (path) => {
    await page.goto(idp.url(`${path}${new URL(authorizeUrl(idp).url).search}`));
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
  });

  it('the error page wraps a long unbroken client id instead of widening the page', async () => {
    const clientId = 'c'.repeat(128);
    await page.goto(idp.url(`/oauth2/authorize?response_type=code&client_id=${clientId}`));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect(page.getByText(clientId).isVisible()).resolves.toBe(true);
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
  });
});
