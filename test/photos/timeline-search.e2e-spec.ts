import { apiTokens } from '../support/api-token';
import { Browser } from '../support/browser';
import { links, parsePage } from '../support/html';
import { SECOND, TestStack } from '../support/test-stack';
import { fixture, photoIdsOn, signedIn, sql, uploadPhoto } from './photos-test-kit';

interface Row {
  id: string;
  taken: string | null;
  description: string;
  file: string | null;
}

/** Capture dates across years, some missing (those sort by upload, i.e. now), and words to find. */
const ROWS: Omit<Row, 'id'>[] = [
  { taken: '2019-03-10T08:00:00Z', description: 'Café in Lyon', file: 'IMG_0001.jpg' },
  { taken: '2021-07-04T12:00:00Z', description: 'Beach day', file: 'IMG_0002.jpg' },
  { taken: '2021-07-04T12:00:00Z', description: 'Beach sunset', file: 'DSC_4410.jpg' },
  { taken: '2022-12-31T23:59:59.999Z', description: 'Last second of 2022', file: null },
  { taken: '2023-01-01T00:00:00Z', description: 'First second of 2023', file: null },
  { taken: '2024-09-14T16:02:00Z', description: '', file: 'Été_à_Paris.heic' },
  { taken: null, description: 'No date at all', file: 'scan.png' },
  ...Array.from({ length: 13 }, (_, n) => ({
    taken: `2020-0${1 + (n % 9)}-15T10:00:00Z`,
    description: `Filler ${n}`,
    file: null,
  })),
];

describe('The timeline by date taken, and search', () => {
  let stack: TestStack;
  let owner: Browser;
  let headers: Record<string, string>;
  /** Newest first on the timeline, worked out here from the rows' dates. */
  let expected: Row[];

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    expect((await uploadPhoto(owner, stack, await fixture('rocket.jpg'), {})).status).toBe(303);
    const rows: Row[] = [];
    for (const row of ROWS) {
      const [inserted] = await sql<{ id: string }>(
        stack,
        `INSERT INTO photos (id, owner_sub, owner_username, description, content_type, width, height,
           size_bytes, image_key, original_key, original_content_type, original_size_bytes,
           original_width, original_height, thumbnail_key, thumbnail_content_type, thumbnail_width,
           thumbnail_height, thumbnail_size_bytes, original_file_name, taken_at, created_at)
         SELECT gen_random_uuid(), owner_sub, owner_username, $1, content_type, width, height,
           size_bytes, image_key, original_key, original_content_type, original_size_bytes,
           original_width, original_height, thumbnail_key, thumbnail_content_type, thumbnail_width,
           thumbnail_height, thumbnail_size_bytes, $2, $3, now() - interval '1 hour'
         FROM photos LIMIT 1 RETURNING id`,
        [row.description, row.file, row.taken],
      );
      rows.push({ ...row, id: inserted.id });
    }
    // The uploaded row only lent its files; the listing under test is the rows above.
    await sql(stack, `DELETE FROM photos WHERE id <> ALL($1::uuid[])`, [rows.map((r) => r.id)]);
    // Someone else's photo with the same words: never found by the owner's search.
    const other = await signedIn(stack, SECOND);
    expect(
      (await uploadPhoto(other, stack, await fixture('rocket.jpg'), { description: 'Beach café' }))
        .status,
    ).toBe(303);
    const sortAt = (row: Row) => row.taken ?? '9999'; // undated: uploaded an hour ago, newest
    expected = [...rows].sort(
      (a, b) => sortAt(b).localeCompare(sortAt(a)) || b.id.localeCompare(a.id),
    );
    headers = { authorization: `Bearer ${(await apiTokens(stack)).accessToken}` };
  });
  afterAll(() => stack.close());

  const api = async (query: string) => {
    const response = await fetch(`${stack.baseUrl}/api/photos${query}`, { headers });
    return {
      status: response.status,
      body: (await response.json()) as {
        items: { id: string; description: string }[];
        nextCursor: string | null;
        message?: string;
      },
    };
  };

  const allPages = async (query: string) => {
    const ids: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await api(`${query}&cursor=${cursor}`);
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    }
    return ids;
  };

  it('lists by capture date, newest first, through the API across page boundaries', async () => {
    expect(await allPages('?limit=3')).toEqual(expected.map((row) => row.id));
    expect(await allPages('?limit=7&sort=taken')).toEqual(expected.map((row) => row.id));
  });

  it('still lists by upload date with sort=uploaded', async () => {
    const ids = await allPages('?limit=5&sort=uploaded');
    expect(ids).toHaveLength(expected.length);
    expect(ids.slice(-ROWS.length).sort()).toEqual(expected.map((row) => row.id).sort());
  });

  it('lists the grid in the same order, under month headings, across pages', async () => {
    const ids: string[] = [];
    const headings: string[] = [];
    let url: string | undefined = `${stack.baseUrl}/myphotos`;
    while (url) {
      const page = await owner.get(url);
      ids.push(...photoIdsOn(page.body));
      headings.push(
        ...parsePage(page.body)('.month-heading')
          .map((_i, el) => parsePage(page.body)(el).text())
          .get(),
      );
      const older = links(page.body).find((link) => link.text === 'Older photos');
      url = older ? new URL(older.href, page.url).toString() : undefined;
    }
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(headings.slice(-2)).toEqual(['January 2020', 'March 2019']);
    expect(headings).toContain('September 2024');
    expect(headings).toContain('December 2022');
  });

  it('jumps to a month: the grid starts at the newest photo of that month', async () => {
    const page = await owner.get(`${stack.baseUrl}/myphotos?month=2021-07`);
    expect(page.status).toBe(200);
    const first = expected.find((row) => row.taken && row.taken < '2021-08')!;
    expect(photoIdsOn(page.body)[0]).toBe(first.id);
    expect(parsePage(page.body)('#jump-month option[selected]').attr('value')).toBe('2021-07');
    // Its place in the whole timeline, with the way up to the newer photos.
    const $ = parsePage(page.body);
    const newer = expected.indexOf(first);
    expect(newer).toBeGreaterThan(0);
    expect($('a[rel="prev"]').text()).toBe('Newer photos');
    const upwards = await owner.get(`${stack.baseUrl}${$('a[rel="prev"]').attr('href')}`);
    expect(photoIdsOn(upwards.body)).toContain(expected[newer - 1].id);
    expect((await owner.get(`${stack.baseUrl}/myphotos?month=2021-13`)).status).toBe(400);
  });

  it('filters by whole UTC days, both ends included', async () => {
    const { body } = await api('?takenFrom=2022-12-31&takenTo=2022-12-31');
    expect(body.items.map((item) => item.description)).toEqual(['Last second of 2022']);
    const year = await api('?takenFrom=2023-01-01&takenTo=2023-12-31');
    expect(year.body.items.map((item) => item.description)).toEqual(['First second of 2023']);
  });

  it.each([
    ['?takenFrom=2024-02-30', 'takenFrom must be a date written 2024-09-30.'],
    ['?takenTo=yesterday', 'takenTo must be a date written 2024-09-30.'],
    ['?takenFrom=2024-02-02&takenTo=2024-02-01', 'takenTo must not be before takenFrom.'],
    ['?sort=random', 'sort must be taken or uploaded.'],
    [`?q=${'a '.repeat(9)}`, 'A search may have at most 8 words and 200 characters.'],
  ])('refuses %s with a 400 naming the API field', async (query, message) => {
    const { status, body } = await api(query);
    expect(status).toBe(400);
    expect(body.message).toBe(message);
  });

  const found = async (q: string, more = '') =>
    (await api(`?q=${encodeURIComponent(q)}${more}`)).body.items.map((item) => item.description);

  it('searches descriptions and file names by word prefixes, accents and case aside', async () => {
    expect((await found('beach')).sort()).toEqual(['Beach day', 'Beach sunset']);
    expect(await found('CAFE')).toEqual(['Café in Lyon']);
    expect(await found('caf lyo')).toEqual(['Café in Lyon']);
    expect(await found('beach sun')).toEqual(['Beach sunset']);
    expect(await found('img_0002')).toEqual(['Beach day']);
    expect(await found('dsc')).toEqual(['Beach sunset']);
    expect(await found('ete paris')).toEqual(['']);
    expect(await found('beach', '&takenTo=2020-01-01')).toEqual([]);
    expect(await found('nothing-like-this')).toEqual([]);
  });

  it("never finds another user's photo, whatever the words", async () => {
    const everything = await allPages('?q=beach%20caf&limit=100');
    expect(everything).toEqual([]);
    const [other] = await sql<{ id: string }>(
      stack,
      `SELECT id FROM photos WHERE description = 'Beach café'`,
    );
    expect(await allPages('?q=beach&limit=100')).not.toContain(other.id);
  });

  it('shows the search page with the photos and the albums that match', async () => {
    const created = await owner.submit(await owner.get(`${stack.baseUrl}/albums`), /\/albums$/, {
      name: 'Summer at the beach',
    });
    expect(created.status).toBe(200);
    const page = await owner.get(`${stack.baseUrl}/search?q=beach`);
    expect(page.status).toBe(200);
    const $ = parsePage(page.body);
    expect($('.album-matches a').text()).toBe('Summer at the beach');
    const beachIds = expected.filter((row) => row.description.startsWith('Beach')).map((r) => r.id);
    expect(photoIdsOn(page.body)).toEqual(beachIds);
    expect($('#search-q').attr('value')).toBe('beach');
    // A photo opened from the results comes back to them.
    const photo = $('.photo-grid a').first().attr('href')!;
    const photoPage = await owner.get(new URL(photo, page.url).toString());
    const back = links(photoPage.body).find((link) => link.text === 'Back to my photos')!;
    expect(back.href).toBe('/search?q=beach');
  });
});
