import { Browser } from '../support/browser';
import { formWithAction } from '../support/html';
import { TestStack } from '../support/test-stack';
import {
  errorOn,
  fixture,
  noticeOn,
  photoRowCount,
  refusalsOn,
  signedInSuite,
  storedFiles,
  uploadPhoto,
  uploadPhotos,
} from './photos-test-kit';

/** What each bad fixture must get: the status and words of the message on the page. */
const BAD_FILES: [name: string, status: number, message: RegExp][] = [
  ['bad/not-an-image.jpg', 415, /not supported.*JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC/],
  ['bad/truncated.jpg', 400, /damaged or incomplete/],
  ['bad/empty.jpg', 400, /empty/],
  ['bad/script.svg', 415, /not supported.*JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC/],
  ['bad/bomb-40000x40000.png', 413, /too many pixels/],
];

/** The textarea's content as the page shows it (Handlebars-escaped). */
const textareaOf = (html: string) => formWithAction(html, /^\/myphotos$/).fields.description;

describe('Refused uploads: a clear message, the form as typed, nothing stored', () => {
  let stack: TestStack;
  let browser: Browser;

  signedInSuite((started) => ({ stack, browser } = started));

  afterEach(async () => {
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it.each(BAD_FILES)('refuses %s with %i and says why', async (name, status, message) => {
    const description = `Holiday <3 (${name})`;
    const page = await uploadPhoto(browser, stack, await fixture(name), {
      description,
      filename: name.slice(4),
    });
    expect(page.status).toBe(status);
    expect(errorOn(page.body)).toMatch(message);
    expect(textareaOf(page.body)).toBe(description);
    expect(page.body).toContain('<h1>My photos</h1>');
  });

  it('asks for a photo when none was chosen (400)', async () => {
    const page = await uploadPhoto(browser, stack, undefined, { description: 'Forgot the file' });
    expect(page.status).toBe(400);
    expect(errorOn(page.body)).toBe('Choose a photo to upload.');
    expect(textareaOf(page.body)).toBe('Forgot the file');
  });

  it('refuses a description over 2000 characters (400), keeping what was typed', async () => {
    const description = 'x'.repeat(2001);
    const page = await uploadPhoto(browser, stack, await fixture('rocket.jpg'), { description });
    expect(page.status).toBe(400);
    expect(errorOn(page.body)).toMatch(/at most 2000 characters/);
    expect(textareaOf(page.body)).toBe(description);
  });

  it('refuses a file sent under another field name (400)', async () => {
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const form = new FormData();
    form.append('_csrf', formWithAction(page.body, /^\/myphotos$/).fields._csrf);
    form.append('image', new Blob([new Uint8Array(await fixture('rocket.jpg'))]), 'a.jpg');
    const answer = await browser.request(`${stack.baseUrl}/myphotos`, {
      method: 'POST',
      body: form,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(errorOn(answer.body)).toBe('Send the photos in the Photo field.');
  });

  it('refuses an upload without the CSRF token, or with a wrong one (403)', async () => {
    const rocket = await fixture('rocket.jpg');
    for (const csrf of [null, 'not-the-token']) {
      const page = await uploadPhoto(browser, stack, rocket, { csrf });
      expect(page.status).toBe(403);
      expect(page.body).toContain('did not come from this site');
    }
  });

  it('refuses an upload from a signed-out visitor: sign in first, nothing stored', async () => {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(await fixture('rocket.jpg'))]), 'a.jpg');
    const answer = await new Browser().request(`${stack.baseUrl}/myphotos`, {
      method: 'POST',
      body: form,
      follow: false,
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/login?returnTo=%2Fmyphotos');
  });
});

describe('Uploads larger than MAX_UPLOAD_BYTES', () => {
  let stack: TestStack;
  let browser: Browser;
  /** Two files of at most 0.1 MB each: a body may hold about 0.2 MB of photos. */
  const BODY_TOO_LARGE =
    'The upload is larger than 0.2 MB (2 photos of at most 0.1 MB each). Upload fewer photos at a time.';

  signedInSuite((started) => ({ stack, browser } = started), {
    env: { MAX_UPLOAD_BYTES: '100000', MAX_UPLOAD_FILES: '2' },
  });

  afterEach(async () => {
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it('refuses large-12mp.jpg (1.2 MB, over 2 × 0.1 MB) with 413 by its Content-Length, before reading it', async () => {
    const page = await uploadPhoto(browser, stack, await fixture('large-12mp.jpg'), {
      description: 'Too big',
    });
    expect(page.status).toBe(413);
    expect(errorOn(page.body)).toBe(BODY_TOO_LARGE);
    expect(page.body).toContain('<h1>My photos</h1>');
  });

  it('refuses it with 413 too when streamed without a Content-Length (the spool stops reading)', async () => {
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const form = new FormData();
    form.append('_csrf', formWithAction(page.body, /^\/myphotos$/).fields._csrf);
    form.append('description', 'Streamed');
    form.append('photo', new Blob([new Uint8Array(await fixture('large-12mp.jpg'))]), 'large.jpg');
    const encoded = new Response(form);
    // A stream body makes fetch send it chunked, without Content-Length (Node's fetch needs
    // `duplex`, which the DOM RequestInit type does not know yet).
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      body: encoded.body,
      duplex: 'half',
      headers: {
        cookie: browser.jar.header(stack.baseUrl)!,
        'content-type': encoded.headers.get('content-type')!,
      },
      redirect: 'manual',
    };
    const response = await fetch(`${stack.baseUrl}/myphotos`, init);
    const body = await response.text();
    expect(response.status).toBe(413);
    expect(errorOn(body)).toBe(BODY_TOO_LARGE);
    expect(textareaOf(body)).toBe('Streamed');
  });

  it('refuses rocket.jpg (112 kB, just over) with 413 once its bytes are counted', async () => {
    const page = await uploadPhoto(browser, stack, await fixture('rocket.jpg'), {
      description: 'Just over',
    });
    expect(page.status).toBe(413);
    expect(errorOn(page.body)).toBe('The photo is larger than 0.1 MB.');
    expect(textareaOf(page.body)).toBe('Just over');
  });

  it('refuses the file over the limit in a batch, and stores the other one', async () => {
    const page = await uploadPhotos(
      browser,
      stack,
      [
        { name: 'astronaut.webp', data: await fixture('astronaut.webp') },
        { name: 'rocket.jpg', data: await fixture('rocket.jpg') },
      ],
      { follow: true },
    );
    expect(noticeOn(page.body)).toBe('Uploaded 1 photo.');
    expect(refusalsOn(page.body)).toEqual([
      { name: 'rocket.jpg', reason: 'The photo is larger than 0.1 MB.' },
    ]);
    expect(await photoRowCount(stack)).toBe(1);
    expect(await storedFiles(stack)).toHaveLength(3);
    // Leave the suite's invariant (nothing stored) true for the hook.
    const confirm = await browser.submit(page, /\/delete$/);
    expect((await browser.submit(confirm, /\/delete$/)).status).toBe(200);
  });

  it('still accepts a photo under the limit (astronaut.webp, 39 kB)', async () => {
    const page = await uploadPhoto(browser, stack, await fixture('astronaut.webp'));
    expect(page.status).toBe(303);
    expect(await photoRowCount(stack)).toBe(1);
    // Leave the suite's invariant (nothing stored) true for the hook.
    const listing = await browser.get(`${stack.baseUrl}/myphotos`);
    const confirm = await browser.submit(listing, /\/delete$/);
    expect((await browser.submit(confirm, /\/delete$/)).status).toBe(200);
  });
});
