import { Browser } from '../support/browser';
import { links, parsePage } from '../support/html';
import { apiTokens } from '../support/api-token';
import { TestStack } from '../support/test-stack';
import { errorOn, fixture, photoIdsOn, signedIn, sql, uploadPhoto } from './photos-test-kit';

const TOTAL = 60;

describe('Paging through 60 photos, newest first', () => {
  let stack: TestStack;
  let browser: Browser;
  let newestFirst: string[];

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await signedIn(stack);
    expect(
      (await uploadPhoto(browser, stack, await fixture('rocket.jpg'), { description: 'Copy 0' }))
        .status,
    ).toBe(303);
    // The listing is under test, not the upload: 59 more rows pointing at the same files. Every
    // three share one created_at (ties straddle page boundaries), so the id must break them.
    await sql(
      stack,
      `INSERT INTO photos (id, owner_sub, owner_username, description, content_type, width, height, size_bytes,
         image_key, original_key, original_content_type, original_size_bytes, original_width, original_height,
         thumbnail_key, thumbnail_content_type, thumbnail_width, thumbnail_height, thumbnail_size_bytes, created_at)
       SELECT gen_random_uuid(), owner_sub, owner_username, 'Copy ' || n, content_type, width, height, size_bytes,
         image_key, original_key, original_content_type, original_size_bytes, original_width, original_height,
         thumbnail_key, thumbnail_content_type, thumbnail_width, thumbnail_height, thumbnail_size_bytes,
         created_at - (n / 3) * interval '1 second'
       FROM photos, generate_series(1, $1::int) AS n`,
      [TOTAL - 1],
    );
    const rows = await sql<{ id: string }>(
      stack,
      'SELECT id FROM photos ORDER BY created_at DESC, id DESC',
    );
    newestFirst = rows.map((row) => row.id);
    expect(newestFirst).toHaveLength(TOTAL);
  });
  afterAll(() => stack.close());

  it('shows 24 + 24 + 12 following the "Older photos" links, with no repeats and none missed', async () => {
    const pages: string[][] = [];
    let url: string | undefined = `${stack.baseUrl}/myphotos`;
    while (url) {
      const page = await browser.get(url);
      expect(page.status).toBe(200);
      pages.push(photoIdsOn(page.body));
      const older = links(page.body).find((link) => link.text === 'Older photos');
      url = older ? new URL(older.href, page.url).toString() : undefined;
      expect(pages.length).toBeLessThanOrEqual(3);
    }
    expect(pages.map((ids) => ids.length)).toEqual([24, 24, 12]);
    expect(pages.flat()).toEqual(newestFirst);
  });

  it('steps back with "Newer photos" through the same pages, the first one being /myphotos', async () => {
    const first = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(links(first.body).map((link) => link.text)).not.toContain('Newer photos');
    const pages = [first];
    for (let step = 0; step < 2; step++) {
      const previous = pages[pages.length - 1];
      const older = links(previous.body).find((link) => link.text === 'Older photos')!;
      pages.push(await browser.get(new URL(older.href, previous.url).toString()));
    }
    // From page 3 back to page 2: exactly the photos page 2 showed, then to the first page.
    const back = links(pages[2].body).find((link) => link.text === 'Newer photos')!;
    expect(back.href).toMatch(/^\/myphotos\?before=/);
    const second = await browser.get(new URL(back.href, pages[2].url).toString());
    expect(photoIdsOn(second.body)).toEqual(photoIdsOn(pages[1].body));
    expect(links(second.body)).toContainEqual({ href: '/myphotos', text: 'Newer photos' });
    expect(links(pages[1].body)).toContainEqual({ href: '/myphotos', text: 'Newer photos' });
  });

  it('marks the page shown in the "Photo pages" navigation (aria-current), Page 1 to Page 3', async () => {
    const current: string[] = [];
    let url: string | undefined = `${stack.baseUrl}/myphotos`;
    while (url) {
      const page = await browser.get(url);
      const $ = parsePage(page.body);
      const nav = $('nav[aria-label="Photo pages"]');
      expect(nav.length).toBe(1);
      const marked = nav.find('[aria-current="page"]');
      expect(marked.length).toBe(1);
      // It names the page, and links to the very page shown.
      expect(marked.attr('href')).toBe(new URL(page.url).pathname + new URL(page.url).search);
      current.push(marked.text().trim());
      const older = links(page.body).find((link) => link.text === 'Older photos');
      url = older ? new URL(older.href, page.url).toString() : undefined;
      expect(current.length).toBeLessThanOrEqual(3);
    }
    expect(current).toEqual(['Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3']);
  });

  it('comes back from a photo page to the grid page it was opened on, still named', async () => {
    const first = await browser.get(`${stack.baseUrl}/myphotos`);
    const older = links(first.body).find((link) => link.text === 'Older photos')!;
    const second = await browser.get(new URL(older.href, first.url).toString());
    const photo = parsePage(second.body)('.photo-grid a').first().attr('href')!;
    const photoPage = await browser.get(new URL(photo, second.url).toString());
    const back = links(photoPage.body).find((link) => link.text === 'Back to my photos')!;
    expect(back.href).toBe(new URL(second.url).pathname + new URL(second.url).search);
    const again = await browser.get(new URL(back.href, photoPage.url).toString());
    expect(
      parsePage(again.body)('nav[aria-label="Photo pages"] [aria-current="page"]').text(),
    ).toBe('Page 2 of 3');
  });

  it('says how many photos there are', async () => {
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    expect(parsePage(page.body)('.grid-heading').text()).toContain(`${TOTAL} photos`);
  });

  it('refuses an edited cursor with 400', async () => {
    for (const cursor of [
      'garbage',
      Buffer.from('t|2025-01-01T00:00:00.000Z|nope').toString('base64url'),
      // A cursor of the upload-date order (the API's ?sort=uploaded): it would skip photos.
      Buffer.from(`u|2025-01-01T00:00:00.000Z|${newestFirst[0]}`).toString('base64url'),
    ]) {
      const page = await browser.get(`${stack.baseUrl}/myphotos?cursor=${cursor}`);
      expect(page.status).toBe(400);
      expect(errorOn(page.body)).toBe(
        'The page link is not valid. Start again from the first page.',
      );
    }
  });

  describe('through the API', () => {
    let headers: Record<string, string>;

    beforeAll(async () => {
      headers = { authorization: `Bearer ${(await apiTokens(stack)).accessToken}` };
    });

    const list = async (query: string) => {
      const response = await fetch(`${stack.baseUrl}/api/photos${query}`, { headers });
      return {
        status: response.status,
        body: (await response.json()) as {
          items: { id: string }[];
          nextCursor: string | null;
          message?: string;
        },
      };
    };

    it('pages with nextCursor (default 24, then 24, then 12, then null)', async () => {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const { status, body } = await list(cursor ? `?cursor=${cursor}` : '');
        expect(status).toBe(200);
        sizes.push(body.items.length);
        seen.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      }
      expect(sizes).toEqual([24, 24, 12]);
      expect(seen).toEqual(newestFirst);
    });

    it('honours limit from 1 to 100', async () => {
      expect((await list('?limit=1')).body.items.map((item) => item.id)).toEqual(
        newestFirst.slice(0, 1),
      );
      const all = await list('?limit=100');
      expect(all.body.items).toHaveLength(TOTAL);
      expect(all.body.nextCursor).toBeNull();
    });

    it.each(['0', '101', '-1', 'ten', '1.5'])(
      'refuses limit=%s with a 400 JSON error',
      async (limit) => {
        const { status, body } = await list(`?limit=${limit}`);
        expect(status).toBe(400);
        expect(body.message).toBe('limit must be a whole number from 1 to 100.');
      },
    );

    it('refuses an edited cursor with a 400 JSON error', async () => {
      const { status, body } = await list('?cursor=AAAA');
      expect(status).toBe(400);
      expect(body.message).toMatch(/page link is not valid/);
    });

    const crafted = (text: string) => Buffer.from(text).toString('base64url');
    const id = '0190f3a2-7b1c-7d2e-8f30-123456789abc';

    it.each([
      ['year 0', `t|0000-01-01T00:00:00.000Z|${id}`],
      ['year 10000', `t|+010000-01-01T00:00:00.000Z|${id}`],
      ['an id without dashes', `t|2025-01-01T00:00:00.000Z|${id.replaceAll('-', '')}`],
      ['an id in braces', `t|2025-01-01T00:00:00.000Z|{${id}}`],
    ])('refuses a crafted cursor (%s) with 400, never a database error', async (_label, text) => {
      const { status, body } = await list(`?cursor=${crafted(text)}`);
      expect(status).toBe(400);
      expect(body.message).toMatch(/page link is not valid/);
    });

    it('takes cursors at both ends of the range PostgreSQL accepts', async () => {
      const oldest = await list(`?cursor=${crafted(`t|0001-01-01T00:00:00.000Z|${id}`)}`);
      expect(oldest).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
      const newest = await list(`?cursor=${crafted(`t|9999-12-31T23:59:59.999Z|${id}`)}`);
      expect(newest.status).toBe(200);
      expect(newest.body.items.map((item) => item.id)).toEqual(newestFirst.slice(0, 24));
    });
  });
});
