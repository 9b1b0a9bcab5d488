import type { Browser } from '../support/browser';
import { formWithAction, forms, parsePage } from '../support/html';
import { SECOND, TestStack } from '../support/test-stack';
import {
  fixture,
  noticeOn,
  photoIdsOn,
  signedIn,
  sql,
  uploadPhoto,
} from '../photos/photos-test-kit';
import { visit } from './sharing-kit';

describe('Album and share pages', () => {
  let stack: TestStack;
  let owner: Browser;
  let other: Browser;
  let photoIds: string[];

  const url = (path: string) => `${stack.baseUrl}${path}`;

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    other = await signedIn(stack, SECOND);
    await uploadPhoto(owner, stack, await fixture('rocket.jpg'), { description: 'Rocket' });
    await uploadPhoto(owner, stack, await fixture('chelsea.png'), { description: 'Cat' });
    photoIds = photoIdsOn((await owner.get(url('/myphotos'))).body);
  });
  afterAll(() => stack.close());

  /** Makes an album through its page's form; answers its id. */
  async function newAlbum(name: string): Promise<string> {
    const list = await owner.get(url('/albums'));
    const made = await owner.submit(list, /^\/albums$/, { name }, { follow: false });
    expect(made.status).toBe(303);
    return made.headers.get('location')!.split('/').pop()!;
  }

  it('has an Albums entry in the header and a labelled New album form', async () => {
    const page = await owner.get(url('/myphotos'));
    expect(page.body).toMatch(/<a href="\/albums"[^>]*>Albums<\/a>/);
    const albums = await owner.get(url('/albums'));
    expect(albums.status).toBe(200);
    expect(albums.body).toContain('<label for="album-name">Album name</label>');
    expect(formWithAction(albums.body, /^\/albums$/).fields._csrf).toBeTruthy();
  });

  it('makes an album, adds a photo from the photo page, shows it with cover and count', async () => {
    const id = await newAlbum('Garden');
    const photoPage = await owner.get(url(`/photos/${photoIds[0]}`));
    expect(photoPage.body).toContain(`href="/albums/add-photo?photoId=${photoIds[0]}"`);
    const choose = await owner.get(url(`/albums/add-photo?photoId=${photoIds[0]}`));
    const added = await owner.submit(choose, /^\/albums\/add-photo$/, { albumId: id });
    expect(added.url).toBe(url(`/albums/${id}`));
    expect(noticeOn(added.body)).toBe('Added to “Garden”');
    expect(photoIdsOn(added.body)).toEqual([photoIds[0]]);
    const list = await owner.get(url('/albums'));
    const card = parsePage(list.body)('.album-card').first();
    expect(card.find('.album-name').text()).toBe('Garden');
    expect(card.find('img').attr('src')).toBe(`/photos/${photoIds[0]}/thumbnail`);
    expect(card.text()).toContain('1 photo');
  });

  it('refuses a form without its CSRF token and changes nothing', async () => {
    const before = await sql(stack, 'SELECT id FROM albums');
    const answer = await owner.postForm(url('/albums'), { name: 'Forged' }, { follow: false });
    expect(answer.status).toBe(403);
    expect(await sql(stack, 'SELECT id FROM albums')).toHaveLength(before.length);
  });

  it('shows the reason next to the name field for a bad name (400)', async () => {
    const list = await owner.get(url('/albums'));
    const answer = await owner.submit(list, /^\/albums$/, { name: '   ' });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Give the album a name of 1 to 200 characters.');
  });

  it('renames, removes a photo (kept in My photos) and deletes an album (photos kept)', async () => {
    const id = await newAlbum('Old name');
    await owner.submit(
      await owner.get(url(`/albums/add-photo?photoId=${photoIds[1]}`)),
      /add-photo$/,
      {
        albumId: id,
      },
    );
    let page = await owner.get(url(`/albums/${id}`));
    page = await owner.submit(page, /\/rename$/, { name: 'New name' });
    expect(parsePage(page.body)('h1').text()).toBe('New name');
    page = await owner.submit(page, new RegExp(`/photos/${photoIds[1]}/remove$`));
    expect(photoIdsOn(page.body)).toEqual([]);
    expect(photoIdsOn((await owner.get(url('/myphotos'))).body)).toContain(photoIds[1]);
    page = await owner.submit(page, /\/delete$/);
    expect(page.url).toBe(url('/albums'));
    expect((await owner.get(url(`/albums/${id}`))).status).toBe(404);
    expect(photoIdsOn((await owner.get(url('/myphotos'))).body)).toContain(photoIds[1]);
  });

  it('answers 404 to another user on every album page and form', async () => {
    const id = await newAlbum('Not theirs');
    expect((await other.get(url(`/albums/${id}`))).status).toBe(404);
    expect((await other.get(url(`/albums/add-photo?photoId=${photoIds[0]}`))).status).toBe(404);
    expect((await other.get(url(`/shares/new?photoId=${photoIds[0]}`))).status).toBe(404);
    expect((await other.get(url(`/shares/new?albumId=${id}`))).status).toBe(404);
    const token = formWithAction((await other.get(url('/albums'))).body, /^\/albums$/).fields._csrf;
    for (const [path, fields] of [
      [`/albums/${id}/rename`, { name: 'Taken' }],
      [`/albums/${id}/delete`, {}],
      ['/shares', { albumId: id, expiresInDays: 'never' }],
      ['/shares', { photoId: photoIds[0], expiresInDays: 'never' }],
    ] as const) {
      const answer = await other.postForm(
        url(path),
        { _csrf: token, ...fields },
        { follow: false },
      );
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
    expect(parsePage((await owner.get(url(`/albums/${id}`))).body)('h1').text()).toBe('Not theirs');
    expect(await sql(stack, 'SELECT id FROM share_links')).toEqual([]);
  });

  it('shares an album from its page, lists the link to copy, and revokes it', async () => {
    const id = await newAlbum('Family');
    await owner.submit(
      await owner.get(url(`/albums/add-photo?photoId=${photoIds[0]}`)),
      /add-photo$/,
      {
        albumId: id,
      },
    );
    const album = await owner.get(url(`/albums/${id}`));
    const shareForm = formWithAction(album.body, /^\/shares$/);
    expect(album.body).toContain('<label for="share-expiry">Link stops working</label>');
    expect(album.body).toContain('Allow downloading originals');
    expect(album.body).toContain('keep their location data');
    expect(shareForm.fields.albumId).toBe(id);
    const shares = await owner.submit(album, /^\/shares$/, { expiresInDays: '7', password: '' });
    expect(shares.url).toMatch(/\/shares\?created=/);
    const row = parsePage(shares.body)('.share-row').first();
    expect(row.text()).toContain('Album “Family”');
    expect(row.text()).toContain('Expires');
    const link = row.find('input[readonly]').attr('value')!;
    expect(link).toMatch(new RegExp(`^${stack.baseUrl}/s/[\\w-]{43}$`));
    const shown = await visit(link);
    expect(shown.status).toBe(200);
    // Made from a page: visitors see the owner's nickname.
    expect(shown.text).toContain('Shared by <strong>Demo</strong>');
    expect(forms(shares.body).some((form) => /\/revoke$/.test(form.action))).toBe(true);

    const revoked = await owner.submit(shares, /\/revoke$/);
    expect(noticeOn(revoked.body)).toBe('Link revoked. It no longer works.');
    expect((await visit(link)).status).toBe(404);
  });

  it('shares one photo from the photo page, with a password', async () => {
    const photoPage = await owner.get(url(`/photos/${photoIds[0]}`));
    expect(photoPage.body).toContain(`href="/shares/new?photoId=${photoIds[0]}"`);
    const form = await owner.get(url(`/shares/new?photoId=${photoIds[0]}`));
    expect(form.body).toContain('Share the photo “Cat”');
    const short = await owner.submit(form, /^\/shares$/, {
      expiresInDays: 'never',
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body).toContain('A password must have 8 to 128 characters.');
    const made = await owner.submit(form, /^\/shares$/, {
      expiresInDays: 'never',
      password: 'long enough secret',
    });
    const row = parsePage(made.body)('.share-new');
    expect(row.text()).toContain('Never expires');
    expect(row.text()).toContain('Password');
    expect((await visit(row.find('input[readonly]').attr('value')!)).status).toBe(401);
  });
});
