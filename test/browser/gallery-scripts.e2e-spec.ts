import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { fixture, photoIdsOn, signedIn, uploadPhoto } from '../photos/photos-test-kit';
import { launchChromium } from '../support/chromium';
import { DEMO, TestStack } from '../support/test-stack';

/** Signs `page` in through the hosted page, as a person does; it lands on "My photos". */
async function signInOn(page: Page, stack: TestStack): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel('Username').fill(DEMO.username);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${stack.baseUrl}/myphotos`);
}

/** The state a chosen file's line in the upload list says ("Ready", its refusal, …). */
const stateOf = (page: Page, name: string): Locator =>
  page
    .getByRole('list', { name: 'Chosen files' })
    .getByRole('listitem')
    .filter({ has: page.locator('.file-name', { hasText: name }) })
    .locator('.file-state');

/** `count` JPEG files of the same photo under different names, as a file picker hands them. */
async function jpegs(count: number, prefix = 'copy') {
  const buffer = await fixture('rocket.jpg');
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${i + 1}.jpg`,
    mimeType: 'image/jpeg',
    buffer,
  }));
}

/**
 * Our own scripts in a real browser: dates in the viewer's time zone (public/js/local-time.js),
 * the delete dialog (public/js/delete-dialog.js) and the upload list (public/js/upload.js).
 * Without JavaScript the pages still work (test/pages/site-pages.e2e-spec.ts).
 */
/** 1,000,000 bytes: "1 MB" as the page writes it; large-12mp.jpg (1.2 MB) is over it. */
const UPLOAD_LIMIT_BYTES = 1_000_000;

describe('Gallery scripts in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let ids: string[];

  beforeAll(async () => {
    // Small limits, so that a file too large and a batch too many are quick to make.
    stack = await TestStack.start({
      env: { MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT_BYTES), MAX_UPLOAD_FILES: '3' },
    });
    const owner = await signedIn(stack);
    for (const description of ['Launch day', 'Harbour at dusk', '']) {
      const answer = await uploadPhoto(owner, stack, await fixture('rocket.jpg'), { description });
      expect(answer.status).toBe(303);
    }
    ids = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
    browser = await launchChromium();
    context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    page = await context.newPage();
    await signInOn(page, stack);
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

  /** Every POST the page sends, from now on. */
  function postsFrom(watched: Page): string[] {
    const posts: string[] = [];
    watched.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });
    return posts;
  }

  it('marks the files the server would refuse at once, each with its reason, and sends only the others', async () => {
    await page.goto(`${stack.baseUrl}/myphotos`);
    const posts = postsFrom(page);
    await page.getByLabel('Photo', { exact: true }).setInputFiles([
      { name: 'rocket.jpg', mimeType: 'image/jpeg', buffer: await fixture('rocket.jpg') },
      {
        name: 'large-12mp.jpg',
        mimeType: 'image/jpeg',
        buffer: await fixture('large-12mp.jpg'),
      },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('shopping list') },
    ]);
    await expect(stateOf(page, 'rocket.jpg').textContent()).resolves.toBe('Ready');
    await expect(stateOf(page, 'large-12mp.jpg').textContent()).resolves.toBe(
      'The photo is larger than 1 MB.',
    );
    await expect(stateOf(page, 'notes.txt').textContent()).resolves.toBe(
      'This file type is not supported. Please upload a JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC image.',
    );
    await expect(page.locator('#upload-status').textContent()).resolves.toBe(
      '3 files chosen: 1 ready, 2 refused.',
    );
    await expect(page.getByRole('button', { name: /^Upload the first/ }).isVisible()).resolves.toBe(
      false,
    );
    expect(posts).toEqual([]);

    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded 1 photo.' }).waitFor();
    expect(posts).toEqual(['/myphotos']);
    await expect(page.locator('#upload-refusals li').allTextContents()).resolves.toEqual([
      'large-12mp.jpg: The photo is larger than 1 MB.',
      'notes.txt: This file type is not supported. Please upload a JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC image.',
    ]);
  });

  it('offers "Upload the first 3" when more are chosen, instead of a Remove click for each', async () => {
    await page.goto(`${stack.baseUrl}/myphotos`);
    const posts = postsFrom(page);
    await page.getByLabel('Photo', { exact: true }).setInputFiles(await jpegs(5, 'batch'));
    for (const name of ['batch-1.jpg', 'batch-2.jpg', 'batch-3.jpg'])
      await expect(stateOf(page, name).textContent()).resolves.toBe('Ready');
    for (const name of ['batch-4.jpg', 'batch-5.jpg'])
      await expect(stateOf(page, name).textContent()).resolves.toBe(
        'Not uploaded: at most 3 photos at a time. Remove it, or upload the first 3.',
      );
    await expect(page.locator('#upload-status').textContent()).resolves.toBe(
      '5 files chosen: 3 ready, 2 over the limit of 3.',
    );
    // The form's own Upload says what to do rather than sending anything.
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'Choose at most 3 photos at a time (5 chosen): remove some, or use "Upload the first 3".',
    );
    expect(posts).toEqual([]);

    await page.getByRole('button', { name: 'Upload the first 3' }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded 3 photos.' }).waitFor();
    expect(posts).toEqual(['/myphotos', '/myphotos', '/myphotos']);
    await expect(page.locator('#upload-refusals').count()).resolves.toBe(0);
  });

  it('puts the photos first: the form folds under "Upload photos" and files dropped anywhere unfold it', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 667 });
    await phone.goto(`${stack.baseUrl}/myphotos`);
    const form = phone.locator('#upload-form');
    await expect(form.isVisible()).resolves.toBe(false);
    const firstThumbnail = await phone.locator('.photo-card img').first().boundingBox();
    expect(firstThumbnail!.y).toBeLessThan(667);

    // A file dragged from the desktop onto the grid, far from the form.
    // Written as page source: the test's TypeScript has no DOM types.
    const transfer = await phone.evaluateHandle(`(() => {
      const data = new DataTransfer();
      const bytes = new Uint8Array([0xff, 0xd8, 0xff]);
      data.items.add(new File([bytes], 'dropped.jpg', { type: 'image/jpeg' }));
      return data;
    })()`);
    const grid = phone.locator('.photo-grid').first();
    await grid.dispatchEvent('dragenter', { dataTransfer: transfer });
    await grid.dispatchEvent('drop', { dataTransfer: transfer });
    await expect(form.isVisible()).resolves.toBe(true);
    await expect(stateOf(phone, 'dropped.jpg').textContent()).resolves.toBe('Ready');

    await phone.goto(`${stack.baseUrl}/myphotos`);
    await phone.getByText('Upload photos').click();
    await expect(phone.getByLabel('Photo', { exact: true }).isVisible()).resolves.toBe(true);
    await phone.close();
  });

  describe('when the write limit is reached', () => {
    let limited: TestStack;
    let limitedPage: Page;

    beforeAll(async () => {
      limited = await TestStack.start({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '1' } });
      limitedPage = await context.newPage();
      limitedPage.on('pageerror', (error) => problems.push(error.message));
      await signInOn(limitedPage, limited);
    });
    afterAll(async () => {
      await limitedPage?.close();
      await limited?.close();
    });

    it('counts down to the retry the server named (Retry-After), second by second', async () => {
      await limitedPage
        .getByLabel('Photo', { exact: true })
        .setInputFiles(await jpegs(2, 'limited'));
      const write = limitedPage.waitForResponse(
        (response) => response.request().method() === 'POST' && response.status() === 429,
      );
      await limitedPage.getByRole('button', { name: 'Upload', exact: true }).click();
      const retryAfter = Number((await write).headers()['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const waiting = limitedPage
        .getByRole('list', { name: 'Chosen files' })
        .locator('.file-state', { hasText: /^Write limit reached, trying again in \d+ s$/ });
      await waiting.waitFor();
      const first = Number(/in (\d+) s/.exec((await waiting.textContent()) ?? '')![1]);
      expect(first).toBeLessThanOrEqual(retryAfter);
      if (first > 2) {
        // A second later the same line says one second less.
        await limitedPage
          .getByRole('list', { name: 'Chosen files' })
          .getByText(`Write limit reached, trying again in ${first - 1} s`)
          .waitFor({ timeout: 2500 });
      }
      await expect(limitedPage.getByText(/Busy/).count()).resolves.toBe(0);
    });
  });
});
