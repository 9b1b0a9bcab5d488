import type { Browser, Page } from '../support/browser';
import { formWithAction, parsePage } from '../support/html';
import { SECOND, TestStack } from '../support/test-stack';
import {
  errorOn,
  fixture,
  noticeOn,
  photoIdsOn,
  signedIn,
  sql,
  uploadPhoto,
} from '../photos/photos-test-kit';

/**
 * A selection of photos into and out of albums, as a browser without JavaScript posts it: the
 * cards' checkboxes belong to the page's one #selection form (partials/selection-toolbar.hbs),
 * whose buttons post to /albums/add-photos and /albums/:id/photos/remove.
 */
describe('Album pages: a selection of photos', () => {
  let stack: TestStack;
  let owner: Browser;
  let other: Browser;
  let mine: string[];
  let theirs: string;

  const url = (path: string) => `${stack.baseUrl}${path}`;

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    other = await signedIn(stack, SECOND);
    for (const description of ['Beach', 'Boat', 'Cliff'])
      await uploadPhoto(owner, stack, await fixture('rocket.jpg'), { description });
    mine = photoIdsOn((await owner.get(url('/myphotos'))).body);
    await uploadPhoto(other, stack, await fixture('chelsea.png'), { description: 'Not mine' });
    [theirs] = photoIdsOn((await other.get(url('/myphotos'))).body);
  });
  afterAll(() => stack.close());

  /** The page's selection form, with the checkboxes that belong to it through `form`. */
  function selectionOn(page: Page) {
    const $ = parsePage(page.body);
    const form = $('form#selection');
    return {
      csrf: form.find('input[name="_csrf"]').attr('value') ?? '',
      returnTo: form.find('input[name="returnTo"]').attr('value'),
      buttons: form
        .find('.selection-actions button[type="submit"]')
        .toArray()
        .map((button) => ({ text: $(button).text(), formaction: $(button).attr('formaction') })),
      boxes: $('input[type="checkbox"][form="selection"]')
        .toArray()
        .map((box) => ({
          name: $(box).attr('name'),
          value: $(box).attr('value'),
          label: $(box).closest('label').text(),
        })),
    };
  }

  /** Posts a form as the browser would: `ids` repeated, with the page's CSRF token. */
  function post(
    browser: Browser,
    path: string,
    csrf: string,
    ids: string[],
    fields: Record<string, string> = {},
  ): Promise<Page> {
    const body = new URLSearchParams({ _csrf: csrf, ...fields });
    for (const id of ids) body.append('ids', id);
    return browser.request(url(path), { method: 'POST', body, follow: false });
  }

  async function csrfOf(browser: Browser): Promise<string> {
    return selectionOn(await browser.get(url('/myphotos'))).csrf;
  }

  async function newAlbum(browser: Browser, name: string): Promise<string> {
    const list = await browser.get(url('/albums'));
    const made = await browser.submit(list, /^\/albums$/, { name }, { follow: false });
    expect(made.status).toBe(303);
    return made.headers.get('location')!.split('/').pop()!;
  }

  async function albumPhotos(id: string): Promise<string[]> {
    const rows = await sql<{ photo_id: string }>(
      stack,
      'SELECT photo_id FROM album_photos WHERE album_id = $1',
      [id],
    );
    return rows.map((row) => row.photo_id).sort();
  }

  it('gives each card a labelled checkbox in the one selection form, with its buttons', async () => {
    const selection = selectionOn(await owner.get(url('/myphotos')));
    expect(selection.csrf).toBeTruthy();
    expect(selection.returnTo).toBe('/myphotos');
    expect(selection.boxes).toEqual(
      mine.map((id, index) => ({
        name: 'ids',
        value: id,
        label: `Select ${['Cliff', 'Boat', 'Beach'][index]}`,
      })),
    );
    expect(selection.buttons).toEqual([
      { text: 'Add to album', formaction: '/albums/add-photos' },
      { text: 'Download', formaction: '/myphotos/selection/download' },
      { text: 'Delete', formaction: '/myphotos/selection/delete' },
    ]);
  });

  it('asks which album, then adds the photos and says how many', async () => {
    const id = await newAlbum(owner, 'Holiday');
    const csrf = await csrfOf(owner);
    const choose = await post(owner, '/albums/add-photos', csrf, mine.slice(0, 2), {
      returnTo: '/myphotos',
    });
    expect(choose.status).toBe(200);
    expect(parsePage(choose.body)('h1').text()).toBe('Add 2 photos to an album');
    const form = formWithAction(choose.body, /^\/albums\/add-photos$/);
    expect(parsePage(choose.body)(`label[for="album-${id}"]`).text()).toBe('Holiday');
    expect(
      parsePage(choose.body)('form input[name="ids"]')
        .toArray()
        .map((input) => input.attribs.value),
    ).toEqual([...mine.slice(0, 2), ...mine.slice(0, 2)]); // in both forms: an album, or a new one
    expect(form.fields.returnTo).toBe('/myphotos');

    // The chooser's form as sent (the test kit's submit keeps one value of a repeated field).
    const carried = parsePage(choose.body)('form:not(.new-album) input[name="ids"]')
      .toArray()
      .map((input) => input.attribs.value);
    const answer = await post(owner, '/albums/add-photos', form.fields._csrf, carried, {
      albumId: id,
      returnTo: form.fields.returnTo,
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`/albums/${id}`);
    const added = await owner.get(url(`/albums/${id}`));
    expect(noticeOn(added.body)).toBe('Added 2 photos to “Holiday”.');
    expect(await albumPhotos(id)).toEqual(mine.slice(0, 2).sort());

    const again = await post(owner, '/albums/add-photos', csrf, mine, { albumId: id });
    expect(again.status).toBe(303);
    const page = await owner.get(url(`/albums/${id}`));
    expect(noticeOn(page.body)).toBe('Added 1 photo to “Holiday”. 2 were in it already.');
    expect(await albumPhotos(id)).toEqual([...mine].sort());
  });

  it('makes a new album by name from the same page; a bad name is shown and nothing made', async () => {
    const csrf = await csrfOf(owner);
    const choose = await post(owner, '/albums/add-photos', csrf, [mine[2]]);
    const albumsBefore = await sql(stack, 'SELECT id FROM albums');
    const blank = await owner.submit(choose, /^\/albums\/add-photos$/, { name: '   ' });
    expect(blank.status).toBe(400);
    expect(errorOn(blank.body)).toBe('Give the album a name of 1 to 200 characters.');
    expect(await sql(stack, 'SELECT id FROM albums')).toHaveLength(albumsBefore.length);

    const nameForm = parsePage(choose.body)('form.new-album');
    expect(nameForm.find('label[for="new-album-name"]').text()).toBe('Or a new album');
    const made = await post(owner, '/albums/add-photos', csrf, [mine[2]], { name: 'Cliffs' });
    expect(made.status).toBe(303);
    const id = made.headers.get('location')!.split('/').pop()!;
    const page = await owner.get(url(`/albums/${id}`));
    expect(parsePage(page.body)('h1').text()).toBe('Cliffs');
    expect(noticeOn(page.body)).toBe('Added 1 photo to “Cliffs”.');
    expect(await albumPhotos(id)).toEqual([mine[2]]);
  });

  it("never adds another user's photos, and answers 404 when none of the selection is mine", async () => {
    const id = await newAlbum(owner, 'Mixed');
    const csrf = await csrfOf(owner);
    const mixed = await post(owner, '/albums/add-photos', csrf, [theirs, mine[0], 'not-an-id'], {
      albumId: id,
    });
    expect(mixed.status).toBe(303);
    expect(await albumPhotos(id)).toEqual([mine[0]]);

    const chooser = await post(owner, '/albums/add-photos', csrf, [mine[1], theirs]);
    expect(
      parsePage(chooser.body)('form.new-album input[name="ids"]')
        .toArray()
        .map((input) => input.attribs.value),
    ).toEqual([mine[1]]);

    for (const fields of [{}, { albumId: id }, { name: 'Stolen' }] as Record<string, string>[]) {
      const answer = await post(owner, '/albums/add-photos', csrf, [theirs], fields);
      expect({ fields, status: answer.status }).toEqual({ fields, status: 404 });
    }
    expect(await albumPhotos(id)).toEqual([mine[0]]);
    expect(await sql(stack, "SELECT id FROM albums WHERE name = 'Stolen'")).toEqual([]);
  });

  it("answers 404 for another user's album and adds or removes nothing", async () => {
    const id = await newAlbum(owner, 'Private');
    const csrf = await csrfOf(owner);
    await post(owner, '/albums/add-photos', csrf, [mine[0]], { albumId: id });
    const otherCsrf = await csrfOf(other);
    const add = await post(other, '/albums/add-photos', otherCsrf, [theirs], { albumId: id });
    expect(add.status).toBe(404);
    const remove = await post(other, `/albums/${id}/photos/remove`, otherCsrf, [mine[0]]);
    expect(remove.status).toBe(404);
    const bogus = await post(owner, '/albums/not-an-album/photos/remove', csrf, [mine[0]]);
    expect(bogus.status).toBe(404);
    expect(await albumPhotos(id)).toEqual([mine[0]]);
  });

  it('removes a selection from the album page; the photos stay in My photos', async () => {
    const id = await newAlbum(owner, 'Tidy');
    const csrf = await csrfOf(owner);
    await post(owner, '/albums/add-photos', csrf, mine, { albumId: id });
    const album = selectionOn(await owner.get(url(`/albums/${id}`)));
    expect(album.returnTo).toBe(`/albums/${id}`);
    expect(album.buttons).toContainEqual({
      text: 'Remove from album',
      formaction: `/albums/${id}/photos/remove`,
    });
    expect(album.boxes.map((box) => box.value)).toEqual(mine);

    const removed = await post(owner, `/albums/${id}/photos/remove`, album.csrf, [
      mine[0],
      mine[2],
      theirs,
    ]);
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`/albums/${id}`);
    const page = await owner.get(url(`/albums/${id}`));
    expect(noticeOn(page.body)).toBe('Removed 2 photos from this album.');
    expect(photoIdsOn(page.body)).toEqual([mine[1]]);
    expect(photoIdsOn((await owner.get(url('/myphotos'))).body)).toEqual(mine);
  });

  it('refuses a post without its CSRF token (403) or without photos (400), changing nothing', async () => {
    const id = await newAlbum(owner, 'Guarded');
    const forged = await post(owner, '/albums/add-photos', '', [mine[0]], { albumId: id });
    expect(forged.status).toBe(403);
    const forgedRemove = await post(owner, `/albums/${id}/photos/remove`, 'nope', [mine[0]]);
    expect(forgedRemove.status).toBe(403);
    const csrf = await csrfOf(owner);
    const none = await post(owner, '/albums/add-photos', csrf, [], { albumId: id });
    expect(none.status).toBe(400);
    expect(none.body).toContain('Choose between 1 and 100 photos.');
    const tooMany = await post(
      owner,
      `/albums/${id}/photos/remove`,
      csrf,
      Array.from({ length: 101 }, () => mine[0]),
    );
    expect(tooMany.status).toBe(400);
    expect(await albumPhotos(id)).toEqual([]);
  });
});
