import { Browser } from '../support/browser';
import { decodeEntities, formWithAction, text } from '../support/html';
import { SECOND, TestStack } from '../support/test-stack';
import {
  fixture,
  noticeOn,
  photoIdsOn,
  photoRowCount,
  signedIn,
  sql,
  uploadPhoto,
} from './photos-test-kit';

describe('A page for each photo, safe deletes and description edits', () => {
  let stack: TestStack;
  let owner: Browser;
  /** Newest first, as the grid shows them. */
  let ids: string[];

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    for (const [name, description] of [
      ['rocket.jpg', 'Launch day'],
      ['coffee-phone.jpg', 'Morning coffee'],
      ['chelsea.png', 'Chelsea the cat'],
    ]) {
      const answer = await uploadPhoto(owner, stack, await fixture(name), {
        description,
        filename: name,
      });
      expect(answer.status).toBe(303);
    }
    // The timeline orders by capture date: rocket.jpg has none, so it is dated here to put the
    // three in a known order (cat, coffee of 2024-06-01, launch).
    await sql(
      stack,
      `UPDATE photos SET taken_at = '2023-05-01T10:00:00Z' WHERE description = 'Launch day'`,
    );
    ids = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
    expect(ids).toHaveLength(3);
  });
  afterAll(() => stack.close());

  const photoPage = (id: string, query = '') => owner.get(`${stack.baseUrl}/photos/${id}${query}`);

  it('links each grid thumbnail to its photo page', async () => {
    const grid = await owner.get(`${stack.baseUrl}/myphotos`);
    for (const id of ids) expect(decodeEntities(grid.body)).toContain(`href="/photos/${id}"`);
  });

  it('shows the photo, its description, dates, size, download, edit, delete and neighbours', async () => {
    const page = await photoPage(ids[1]);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const shown = text(page.body);
    expect(decodeEntities(page.body)).toContain(
      `<img src="/photos/${ids[1]}/image" alt="Morning coffee"`,
    );
    expect(shown).toContain('Morning coffee');
    expect(shown).toContain('Taken 2024-06-01 09:30'); // EXIF wall clock, no zone known
    expect(shown).toMatch(/Uploaded \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(shown).toMatch(/1200 × 1800 pixels, \d+ kB \(JPEG\)/);
    expect(decodeEntities(page.body)).toContain(
      `href="/photos/${ids[1]}/original" download>Download original`,
    );
    expect(decodeEntities(page.body)).toContain('<summary>Edit description</summary>');
    expect(decodeEntities(page.body)).toContain(`action="/photos/${ids[1]}/description"`);
    expect(decodeEntities(page.body)).toContain(`href="/photos/${ids[0]}" rel="prev"`);
    expect(decodeEntities(page.body)).toContain(`href="/photos/${ids[2]}" rel="next"`);
    expect(decodeEntities(page.body)).toContain(
      '<a class="back" href="/myphotos">Back to my photos</a>',
    );
    expect(decodeEntities(page.body)).toContain('<script src="/js/photo-page.js" defer></script>');
  });

  it('has no newer link on the newest photo and no older link on the oldest', async () => {
    expect(decodeEntities((await photoPage(ids[0])).body)).not.toContain('rel="prev"');
    expect(decodeEntities((await photoPage(ids[2])).body)).not.toContain('rel="next"');
  });

  it('keeps the grid page it came from, and refuses to send people off-site', async () => {
    const back = '/myphotos?cursor=abc';
    const page = await photoPage(ids[1], `?returnTo=${encodeURIComponent(back)}`);
    expect(decodeEntities(page.body)).toContain(`<a class="back" href="/myphotos?cursor=abc">`);
    expect(decodeEntities(page.body)).toContain(
      `href="/photos/${ids[0]}?returnTo=${encodeURIComponent(back)}"`,
    );
    for (const evil of ['https://evil.example/', '//evil.example', '/logout']) {
      const answer = await photoPage(ids[1], `?returnTo=${encodeURIComponent(evil)}`);
      expect(decodeEntities(answer.body)).toContain('<a class="back" href="/myphotos">');
    }
  });

  it("answers 404 to another user's request for the page", async () => {
    const other = await signedIn(stack, SECOND);
    expect((await other.get(`${stack.baseUrl}/photos/${ids[0]}`)).status).toBe(404);
    expect((await other.get(`${stack.baseUrl}/myphotos/${ids[0]}/delete`)).status).toBe(404);
  });

  it('saves a description edit, shows it on the page and in the API', async () => {
    const page = await photoPage(ids[2]);
    const saved = await owner.submit(page, new RegExp(`/photos/${ids[2]}/description$`), {
      description: 'Chelsea, asleep',
    });
    expect(saved.url).toBe(`${stack.baseUrl}/photos/${ids[2]}`);
    expect(noticeOn(saved.body)).toBe('Description saved');
    expect(text(saved.body)).toContain('Chelsea, asleep');
    const [row] = await sql<{ description: string }>(
      stack,
      'SELECT description FROM photos WHERE id = $1',
      [ids[2]],
    );
    expect(row.description).toBe('Chelsea, asleep');
  });

  it('refuses too long a description on the page, linked to its field, and keeps the old one', async () => {
    const page = await photoPage(ids[2]);
    const refused = await owner.submit(page, new RegExp(`/photos/${ids[2]}/description$`), {
      description: 'x'.repeat(2001),
    });
    expect(refused.status).toBe(400);
    expect(decodeEntities(refused.body)).toContain('aria-describedby="description-error"');
    expect(decodeEntities(refused.body)).toMatch(
      /id="description-error">The description is too long/,
    );
    expect(text((await photoPage(ids[2])).body)).toContain('Chelsea, asleep');
  });

  it('asks before deleting: the confirmation page names the photo and offers Delete and Cancel', async () => {
    const returnTo = '/myphotos?cursor=abc';
    const page = await owner.get(
      `${stack.baseUrl}/myphotos/${ids[0]}/delete?returnTo=${encodeURIComponent(returnTo)}`,
    );
    expect(page.status).toBe(200);
    expect(decodeEntities(page.body)).toContain(
      `<img src="/photos/${ids[0]}/thumbnail" alt="Chelsea the cat"`,
    );
    const form = formWithAction(page.body, new RegExp(`/myphotos/${ids[0]}/delete$`));
    expect(form.method).toBe('post');
    expect(form.fields.returnTo).toBe(returnTo);
    expect(decodeEntities(page.body)).toContain(
      `<a class="button secondary" href="/myphotos?cursor=abc">Cancel</a>`,
    );
    expect(await photoRowCount(stack)).toBe(3);
  });

  it('returns to the same grid page after the delete, with the notice', async () => {
    const grid = await owner.get(`${stack.baseUrl}/myphotos`);
    expect(decodeEntities(grid.body)).toContain(`action="/myphotos/${ids[0]}/delete"`);
    const confirm = await owner.get(
      `${stack.baseUrl}/myphotos/${ids[0]}/delete?returnTo=%2Fmyphotos`,
    );
    const answer = await owner.submit(
      confirm,
      new RegExp(`/myphotos/${ids[0]}/delete$`),
      {},
      {
        follow: false,
      },
    );
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/myphotos');
    expect(noticeOn((await owner.get(`${stack.baseUrl}/myphotos`)).body)).toBe('Deleted');
    expect(await photoRowCount(stack)).toBe(2);
  });

  it('goes on to the next photo after a delete from a photo page, and never off-site', async () => {
    const page = await photoPage(ids[1]);
    const deleteHref = /href="(\/myphotos\/[^"]+\/delete[^"]*)"/.exec(page.body)![1];
    const confirm = await owner.get(`${stack.baseUrl}${decodeEntities(deleteHref)}`);
    const answer = await owner.submit(
      confirm,
      new RegExp(`/myphotos/${ids[1]}/delete$`),
      {},
      {
        follow: false,
      },
    );
    expect(answer.headers.get('location')).toBe(`/photos/${ids[2]}`);

    const last = await owner.get(`${stack.baseUrl}/myphotos/${ids[2]}/delete`);
    const evil = await owner.submit(
      last,
      new RegExp(`/myphotos/${ids[2]}/delete$`),
      { returnTo: 'https://evil.example/' },
      { follow: false },
    );
    expect(evil.status).toBe(303);
    expect(evil.headers.get('location')).toBe('/myphotos');
    expect(await photoRowCount(stack)).toBe(0);
  });
});
