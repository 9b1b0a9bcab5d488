import { apiTokens } from '../support/api-token';
import { Browser } from '../support/browser';
import { formWithAction, parsePage } from '../support/html';
import { TestStack } from '../support/test-stack';
import {
  type BatchFile,
  errorOn,
  eventually,
  fixture,
  GOOD_FIXTURES,
  noticeOn,
  photoIdsOn,
  photoRowCount,
  refusalsOn,
  signedIn,
  spooledFiles,
  sql,
  storedFiles,
  uploadPhotos,
} from './photos-test-kit';

const MAX_FILES = 5;

async function files(...names: string[]): Promise<BatchFile[]> {
  return Promise.all(
    names.map(async (name) => ({ name: name.replace(/^bad\//, ''), data: await fixture(name) })),
  );
}

/** The answer's JSON body, typed loosely: the test asserts its shape. */
function json(body: string): Record<string, unknown> {
  return JSON.parse(body) as Record<string, unknown>;
}

describe('Several photos in one upload', () => {
  let stack: TestStack;
  let browser: Browser;

  /** Rows, stored files and spooled bodies right now: what an upload may change. */
  async function counts() {
    await eventually(async () => (await spooledFiles(stack)).length === 0, 5000);
    return {
      rows: await photoRowCount(stack),
      files: (await storedFiles(stack)).length,
      spooled: (await spooledFiles(stack)).length,
    };
  }

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { MAX_UPLOAD_FILES: String(MAX_FILES), RATE_LIMIT_WRITES_PER_MINUTE: '1000' },
    });
    browser = await signedIn(stack);
  });
  afterAll(() => stack.close());

  it('offers a file field that takes several files, with one description for all', async () => {
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(page.body).toMatch(
      /<input id="photo" type="file" name="photo" accept="[^"]*image\/jpeg[^"]*" multiple/,
    );
    // One field only: a second "Photo" field would send its files under the same name unseen.
    const form = parsePage(page.body)('#upload-form');
    expect(form.find('input[type=file]').length).toBe(1);
    expect(form.find('label:contains("Photo")').length).toBe(1);
    expect(parsePage(page.body)('[id="photo"], [id="photo-hint"]').length).toBe(2);
    expect(page.body).toContain(`Up to ${MAX_FILES} photos at once`);
    expect(page.body).toContain('One description for every photo of this upload');
    expect(page.body).toMatch(/<script src="\/js\/upload\.[0-9a-f]{12}\.js" defer><\/script>/);
  });

  it('stores five files sent in one upload as five photos, with the one description', async () => {
    const before = await counts();
    const answer = await uploadPhotos(browser, stack, await files(...GOOD_FIXTURES), {
      description: 'Five at once',
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/myphotos');
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(noticeOn(page.body)).toBe('Uploaded 5 photos.');
    expect(refusalsOn(page.body)).toEqual([]);
    expect(photoIdsOn(page.body)).toHaveLength(before.rows + 5);
    const rows = await sql<{ description: string; original_file_name: string }>(
      stack,
      'SELECT description, original_file_name FROM photos ORDER BY id DESC LIMIT 5',
    );
    expect(rows.map((row) => row.description)).toEqual(Array(5).fill('Five at once'));
    expect(rows.map((row) => row.original_file_name).sort()).toEqual([...GOOD_FIXTURES].sort());
    // One description for five photos: a screen reader still tells them apart by file and date.
    const alts = [...page.body.matchAll(/<img src="\/photos\/[^"]+\/thumbnail" alt="([^"]*)"/g)]
      .map((match) => match[1])
      .filter((alt) => alt.startsWith('Five at once'));
    expect(alts).toHaveLength(5);
    expect(new Set(alts).size).toBe(5);
    for (const name of GOOD_FIXTURES) expect(alts.some((alt) => alt.includes(name))).toBe(true);
    expect(await counts()).toEqual({
      rows: before.rows + 5,
      files: before.files + 15,
      spooled: 0,
    });
    // Shown once: the next visit has neither the notice nor a report.
    const again = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(noticeOn(again.body)).toBeUndefined();
  });

  it('stores the good files of a mixed batch and names each refused one with its reason', async () => {
    const before = await counts();
    const batch = await files(
      'rocket.jpg',
      'bad/not-an-image.jpg',
      'bad/truncated.jpg',
      'chelsea.png',
      'bad/empty.jpg',
    );
    // A hostile name comes back as text, never as markup.
    batch.push({ name: '<img src=x onerror=alert(1)>.svg', data: await fixture('bad/script.svg') });
    batch.push({ name: 'bomb.png', data: await fixture('bad/bomb-40000x40000.png') });
    const answer = await uploadPhotos(browser, stack, batch.slice(0, MAX_FILES), {
      description: 'Mixed',
    });
    expect(answer.status).toBe(303);
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(noticeOn(page.body)).toBe('Uploaded 2 photos.');
    expect(page.body).toContain('3 files were not uploaded:');
    expect(refusalsOn(page.body)).toEqual([
      { name: 'not-an-image.jpg', reason: expect.stringMatching(/not supported/) as string },
      { name: 'truncated.jpg', reason: expect.stringMatching(/damaged or incomplete/) as string },
      { name: 'empty.jpg', reason: 'The file is empty.' },
    ]);
    expect(await counts()).toEqual({ rows: before.rows + 2, files: before.files + 6, spooled: 0 });

    const rest = await uploadPhotos(browser, stack, [batch[0], ...batch.slice(5)], {
      follow: true,
    });
    expect(noticeOn(rest.body)).toBe('Uploaded 1 photo.');
    expect(refusalsOn(rest.body)).toEqual([
      {
        name: '<img src=x onerror=alert(1)>.svg',
        reason: expect.stringMatching(/not supported/) as string,
      },
      { name: 'bomb.png', reason: expect.stringMatching(/too many pixels/) as string },
    ]);
    expect(rest.body).not.toContain('<img src=x');
    expect(rest.body).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;.svg');
    // The refused files' reasons describe the file field.
    expect(rest.body).toMatch(
      /<input id="photo"[^>]*aria-describedby="photo-hint upload-refusals"/,
    );
  });

  it(`refuses more than MAX_UPLOAD_FILES (${MAX_FILES}) files at once, storing none`, async () => {
    const before = await counts();
    const rocket = await fixture('rocket.jpg');
    const batch = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({
      name: `r${i}.jpg`,
      data: rocket,
    }));
    const page = await uploadPhotos(browser, stack, batch, { description: 'Too many' });
    expect(page.status).toBe(400);
    expect(errorOn(page.body)).toBe(`Choose at most ${MAX_FILES} photos at a time.`);
    expect(formWithAction(page.body, /^\/myphotos$/).fields.description).toBe('Too many');
    expect(await counts()).toEqual(before);
  });

  it('refuses the whole batch for a bad description, storing none', async () => {
    const before = await counts();
    const description = 'x'.repeat(2001);
    const page = await uploadPhotos(browser, stack, await files('rocket.jpg', 'chelsea.png'), {
      description,
    });
    expect(page.status).toBe(400);
    expect(errorOn(page.body)).toMatch(/at most 2000 characters/);
    // The error describes the description, not the file field.
    expect(page.body).toMatch(
      /<textarea id="description"[^>]*aria-describedby="description-hint upload-error"/,
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a batch whose every file is refused (400), listing each one', async () => {
    const before = await counts();
    const page = await uploadPhotos(
      browser,
      stack,
      await files('bad/empty.jpg', 'bad/script.svg'),
      {
        description: 'All bad',
      },
    );
    expect(page.status).toBe(400);
    expect(errorOn(page.body)).toBe('None of the 2 files was uploaded.');
    expect(refusalsOn(page.body).map((file) => file.name)).toEqual(['empty.jpg', 'script.svg']);
    expect(formWithAction(page.body, /^\/myphotos$/).fields.description).toBe('All bad');
    expect(await counts()).toEqual(before);
  });

  describe('JSON per file (the upload script)', () => {
    it('answers each file with JSON when asked, with the CSRF token', async () => {
      const before = await counts();
      const stored = await uploadPhotos(browser, stack, await files('rocket.jpg'), { json: true });
      expect(stored.status).toBe(200);
      expect(stored.headers.get('content-type')).toMatch(/^application\/json/);
      const answer = json(stored.body);
      expect(answer).toMatchObject({ message: 'Uploaded 1 photo.', refused: [] });
      const [photo] = answer.uploaded as { id: string; href: string }[];
      expect(photo.href).toBe(`/photos/${photo.id}`);
      expect((await browser.get(`${stack.baseUrl}${photo.href}`)).status).toBe(200);

      const refused = await uploadPhotos(browser, stack, await files('bad/not-an-image.jpg'), {
        json: true,
      });
      // A refused file is the file's outcome, not a failed request.
      expect(refused.status).toBe(200);
      expect(json(refused.body)).toMatchObject({
        message: expect.stringMatching(/not supported/),
        uploaded: [],
        refused: [{ name: 'not-an-image.jpg', reason: expect.stringMatching(/not supported/) }],
      });
      expect(await counts()).toEqual({
        rows: before.rows + 1,
        files: before.files + 3,
        spooled: 0,
      });
      // No notice is left for a later page: the script reports itself.
      expect(noticeOn((await browser.get(`${stack.baseUrl}/myphotos`)).body)).toBeUndefined();
    });

    it('refuses it without the CSRF token, or with a wrong one (403 JSON), storing nothing', async () => {
      const before = await counts();
      for (const csrf of [null, 'not-the-token']) {
        const answer = await uploadPhotos(browser, stack, await files('rocket.jpg'), {
          json: true,
          csrf,
        });
        expect(answer.status).toBe(403);
        expect(json(answer.body)).toMatchObject({
          statusCode: 403,
          message: expect.stringMatching(/did not come from this site/),
        });
      }
      expect(await counts()).toEqual(before);
    });

    it('answers batch refusals as JSON too (too many files: 400)', async () => {
      const before = await counts();
      const rocket = await fixture('rocket.jpg');
      const batch = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({
        name: `${i}.jpg`,
        data: rocket,
      }));
      const answer = await uploadPhotos(browser, stack, batch, { json: true });
      expect(answer.status).toBe(400);
      expect(json(answer.body)).toMatchObject({
        statusCode: 400,
        message: `Choose at most ${MAX_FILES} photos at a time.`,
      });
      expect(await counts()).toEqual(before);
    });
  });

  it('keeps the JSON API at one photo per request: two files are a 400, storing nothing', async () => {
    const before = await counts();
    const token = (await apiTokens(stack)).accessToken;
    const form = new FormData();
    const rocket = new Uint8Array(await fixture('rocket.jpg'));
    form.append('photo', new Blob([rocket]), 'a.jpg');
    form.append('photo', new Blob([rocket]), 'b.jpg');
    const response = await fetch(`${stack.baseUrl}/api/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: 'Send one image per request, as the multipart/form-data file field "photo".',
    });
    expect(await counts()).toEqual(before);
  });
});
