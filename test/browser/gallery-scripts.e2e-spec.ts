import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fixture, photoIdsOn, signedIn, uploadPhoto } from '../photos/photos-test-kit';
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
  let ids: string[];

  beforeAll(async () => {
    stack = await TestStack.start();
    const owner = await signedIn(stack);
    for (const description of ['Launch day', 'Harbour at dusk', '']) {
      const answer = await uploadPhoto(owner, stack, await fixture('rocket.jpg'), { description });
      expect(answer.status).toBe(303);
    }
    ids = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
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

  it('confirms a grid delete in a dialog naming the photo; Esc and Cancel keep it', async () => {
    await page.goto(`${stack.baseUrl}/myphotos`);
    const opener = page.getByRole('button', { name: 'Delete Harbour at dusk' });
    const dialog = page.getByRole('dialog', { name: 'Delete this photo?' });

    await opener.click();
    await expect(dialog.isVisible()).resolves.toBe(true);
    await expect(dialog.locator('#delete-dialog-description').textContent()).resolves.toBe(
      'Harbour at dusk',
    );
    await page.keyboard.press('Escape');
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(page.locator(':focus').textContent()).resolves.toBe('Delete Harbour at dusk');

    await opener.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(page.locator(':focus').textContent()).resolves.toBe('Delete Harbour at dusk');
    expect(page.url()).toBe(`${stack.baseUrl}/myphotos`);
    await expect(page.getByRole('button', { name: /^Delete / }).count()).resolves.toBe(3);
  });

  it('deletes from the dialog with the real form, back on the same page with the notice', async () => {
    await page.goto(`${stack.baseUrl}/myphotos`);
    await page.getByRole('button', { name: 'Delete Harbour at dusk' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this photo?' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await page.getByRole('status').filter({ hasText: 'Deleted' }).waitFor();
    expect(page.url()).toBe(`${stack.baseUrl}/myphotos`);
    await expect(page.getByRole('button', { name: /^Delete / }).count()).resolves.toBe(2);
  });

  it('confirms a delete from the photo page, then shows the next photo', async () => {
    await page.goto(`${stack.baseUrl}/photos/${ids[0]}`);
    await page.getByRole('link', { name: /^Delete photo\.jpg, uploaded / }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this photo?' });
    await expect(dialog.locator('#delete-dialog-description').textContent()).resolves.toMatch(
      /^photo\.jpg, uploaded \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
    );
    // Arrow keys belong to the dialog while it is open: no move to another photo.
    await page.keyboard.press('ArrowRight');
    expect(page.url()).toBe(`${stack.baseUrl}/photos/${ids[0]}`);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted' }).waitFor();
    expect(page.url()).toBe(`${stack.baseUrl}/photos/${ids[2]}`);
  });

  it('writes the capture date in the same style as the upload date (a wall clock names no zone)', async () => {
    const owner = await signedIn(stack);
    const stored = await uploadPhoto(owner, stack, await fixture('coffee-phone.jpg'));
    expect(stored.status).toBe(303);
    // Taken in 2024, it is the oldest on the timeline: the others were uploaded today, undated.
    const id = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body).at(-1);
    await page.goto(`${stack.baseUrl}/photos/${id}`);
    const fact = (term: string) => page.locator(`dt:text-is("${term}") + dd`);
    await expect(
      fact('Uploaded').locator('time').getAttribute('data-local-time-zone'),
    ).resolves.toBe('Asia/Tokyo');
    const uploaded = await fact('Uploaded').innerText();
    const taken = await fact('Taken').innerText();
    // en-GB, as Intl writes it: "30 Nov 2026, 19:18 GMT+9"; the EXIF date has no offset: as read.
    const style = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/;
    expect(uploaded).toMatch(new RegExp(`${style.source} GMT\\+9$`));
    expect(taken).toBe('1 Jun 2024, 09:30');
    expect(taken).toMatch(style);
  });
});
