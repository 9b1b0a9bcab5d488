import sharp from 'sharp';
import { Browser } from '../support/browser';
import { forms, text } from '../support/html';
import { TestStack } from '../support/test-stack';
import {
  fixture,
  GOOD_FIXTURES,
  noticeOn,
  photoIdsOn,
  photoRowCount,
  signedInSuite,
  sql,
  storedFiles,
  uploadPhoto,
} from './photos-test-kit';

describe('Uploading photos on "My photos"', () => {
  let stack: TestStack;
  let browser: Browser;

  signedInSuite((started) => ({ stack, browser } = started));

  it('sends a signed-out visitor to sign in and back', async () => {
    const page = await new Browser().get(`${stack.baseUrl}/myphotos`, { follow: false });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?returnTo=%2Fmyphotos');
  });

  it('shows the labelled upload form and an empty state', async () => {
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(page.status).toBe(200);
    const upload = forms(page.body).find((form) => form.action === '/myphotos')!;
    expect(upload).toMatchObject({ method: 'post', enctype: 'multipart/form-data' });
    expect(upload.fields._csrf).toMatch(/.{20,}/);
    expect(page.body).toMatch(
      /<label for="photo">Photo<\/label>\s*<input id="photo" type="file" name="photo" accept="[^"]*image\/heic[^"]*" multiple aria-describedby="photo-hint">/,
    );
    expect(page.body).toMatch(
      /<label for="description">Description<\/label>\s*<p class="muted hint" id="description-hint">[^<]*<\/p>\s*<textarea id="description" name="description" maxlength="2000" aria-describedby="description-hint">/,
    );
    expect(page.body).toMatch(/<button type="submit" id="upload-button">Upload<\/button>/);
    expect(text(page.body)).toContain('You have no photos yet.');
  });

  it('accepts every good fixture: 303 to /myphotos, "Uploaded 1 photo." shown once, listed newest first', async () => {
    for (const name of GOOD_FIXTURES) {
      const answer = await uploadPhoto(browser, stack, await fixture(name), {
        description: `Fixture ${name}`,
        filename: name,
      });
      expect({ name, status: answer.status, location: answer.headers.get('location') }).toEqual({
        name,
        status: 303,
        location: '/myphotos',
      });
      const next = await browser.get(`${stack.baseUrl}/myphotos`);
      expect(noticeOn(next.body)).toBe('Uploaded 1 photo.');
      const again = await browser.get(`${stack.baseUrl}/myphotos`);
      expect(noticeOn(again.body)).toBeUndefined();
    }
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const shown = text(page.body);
    const positions = GOOD_FIXTURES.map((name) => shown.indexOf(`Fixture ${name}`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => b - a)).toEqual(positions); // newest (last uploaded) first
    expect(photoIdsOn(page.body)).toHaveLength(GOOD_FIXTURES.length);
    expect(await photoRowCount(stack)).toBe(GOOD_FIXTURES.length);
    expect(await storedFiles(stack)).toHaveLength(GOOD_FIXTURES.length * 3); // original, display copy, thumbnail
  });

  it('lists each photo with a sized, lazy thumbnail, its description as alt, the upload time and a Delete button', async () => {
    const [row] = await sql<{
      id: string;
      thumbnail_width: number;
      thumbnail_height: number;
      created_at: Date;
    }>(
      stack,
      `SELECT id, thumbnail_width, thumbnail_height, created_at FROM photos WHERE description = 'Fixture rocket.jpg'`,
    );
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(page.body).toContain(
      `<img src="/photos/${row.id}/thumbnail" alt="Fixture rocket.jpg" width="${row.thumbnail_width}" height="${row.thumbnail_height}" loading="lazy">`,
    );
    // Shown in the viewer's own zone by /js/local-time.js (the markup carries the instant in UTC).
    expect(page.body).toContain(
      `<time datetime="${row.created_at.toISOString()}" data-local-time>`,
    );
    const deleteForm = forms(page.body).find(
      (form) => form.action === `/myphotos/${row.id}/delete`,
    )!;
    // It leads to the confirmation page; only that page's form deletes (with the CSRF token).
    expect(deleteForm.method).toBe('get');
    expect(deleteForm.fields.returnTo).toBe('/myphotos');
  });

  it('stores coffee-phone.jpg upright, with no EXIF, GPS, XMP or IPTC in the display copy or its thumbnail', async () => {
    const [row] = await sql<{ id: string }>(
      stack,
      `SELECT id FROM photos WHERE description = 'Fixture coffee-phone.jpg'`,
    );
    for (const [path, size] of [
      [`/photos/${row.id}/image`, { width: 1200, height: 1800 }],
      [`/photos/${row.id}/thumbnail`, { width: 200, height: 300 }],
    ] as const) {
      const response = await fetch(`${stack.baseUrl}${path}`, {
        headers: { cookie: browser.jar.header(stack.baseUrl)! },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('private, max-age=3600');
      expect(response.headers.get('content-disposition')).toBe('inline');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      );
      const bytes = Buffer.from(await response.arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect({ path, width: metadata.width, height: metadata.height }).toEqual({ path, ...size });
      expect(metadata.orientation ?? 1).toBe(1);
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(metadata.iptc).toBeUndefined();
      expect(bytes.includes('Exif')).toBe(false);
      expect(bytes.includes('Pixel 7')).toBe(false);
    }
  });

  it('shows a description with HTML in it as text, never as markup', async () => {
    const description = '<script>alert(1)</script> "quoted" & <b>bold</b>';
    expect(
      (await uploadPhoto(browser, stack, await fixture('rocket.jpg'), { description })).status,
    ).toBe(303);
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).not.toContain('<b>bold</b>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toMatch(
      /alt="&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;\/b&gt;"/,
    );
    expect(text(page.body)).toContain(description);
  });

  it('names a photo without a description by its file name and upload time in its alt text', async () => {
    expect(
      (
        await uploadPhoto(browser, stack, await fixture('chelsea.png'), {
          description: '   ',
          filename: 'chelsea.png',
        })
      ).status,
    ).toBe(303);
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const [newest] = photoIdsOn(page.body);
    expect(page.body).toMatch(
      new RegExp(
        `<img src="/photos/${newest}/thumbnail" alt="chelsea.png, uploaded \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC" width="300" height="200"`,
      ),
    );
  });

  it('never serves a photo to a signed-out visitor', async () => {
    const [row] = await sql<{ id: string }>(stack, 'SELECT id FROM photos LIMIT 1');
    const page = await new Browser().get(`${stack.baseUrl}/photos/${row.id}`, { follow: false });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toMatch(/^\/login\?returnTo=/);
  });
});
