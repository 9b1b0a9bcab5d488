import { createHash } from 'node:crypto';
import { sql } from '../photos/photos-test-kit';
import { TestClock } from '../support/test-clock';
import { type AppInstance, SECOND, TestStack } from '../support/test-stack';
import { ApiUser, visit } from '../albums/sharing-kit';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Share links', () => {
  const clock = new TestClock();
  let stack: TestStack;
  let demo: ApiUser;
  let second: ApiUser;
  let inAlbum: string[];
  let elsewhere: string;

  const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();

  /** What a signed-out visitor gets for each way of asking through a link. */
  async function deadEverywhere(base: string, photoId: string) {
    const page = await visit(base);
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link is not available');
    const json = await visit(base, { json: true });
    expect(json.status).toBe(404);
    expect(JSON.parse(json.text)).toEqual({
      statusCode: 404,
      error: 'NOT_FOUND',
      message: 'This link is not available.',
    });
    expect((await visit(`${base}/photos/${photoId}/thumbnail`)).status).toBe(404);
  }

  beforeAll(async () => {
    stack = await TestStack.start({ clock });
    demo = await ApiUser.of(stack);
    second = await ApiUser.of(stack, SECOND);
    inAlbum = [await demo.upload('rocket.jpg', 'Rocket'), await demo.upload('chelsea.png', 'Cat')];
    elsewhere = await demo.upload('astronaut.webp', 'Not shared');
  });
  afterAll(() => stack.close());

  it('shows a signed-out visitor exactly the album’s photos, all under the link', async () => {
    const album = await demo.newAlbum('Holiday', inAlbum);
    const link = await demo.share({ albumId: album });
    expect(link.url).toMatch(new RegExp(`^${stack.baseUrl}/s/[A-Za-z0-9_-]{43}$`));

    const json = await visit(link.url, { json: true });
    expect(json.status).toBe(200);
    const body = JSON.parse(json.text);
    // Made through the API, whose access token names no nickname: the username stands in.
    expect(body).toMatchObject({ kind: 'album', name: 'Holiday', owner: { nickname: 'demo' } });
    expect(ids(body.items)).toEqual([...inAlbum].sort());
    for (const item of body.items) {
      expect(Object.keys(item.urls).sort()).toEqual(['image', 'thumbnail']);
      expect(item.urls.image).toBe(`${link.url}/photos/${item.id}/image`);
      expect(Object.keys(item).sort()).toEqual(
        ['description', 'height', 'id', 'takenAt', 'urls', 'width'].sort(),
      );
    }

    const page = await visit(link.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Holiday');
    expect(page.text).toContain('Shared by <strong>demo</strong>');
    expect(page.text).not.toContain('/photos/' + elsewhere);
    expect(page.text).not.toMatch(/href="\/(photos|myphotos|albums)/);
    expect(page.text).not.toMatch(/<form[^>]*method="post"/);
    const images = [...page.text.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1]);
    expect(images.sort()).toEqual(
      inAlbum.map((id) => `/s/${link.token}/photos/${id}/thumbnail`).sort(),
    );

    const thumbnail = await visit(`${link.url}/photos/${inAlbum[0]}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toMatch(/^image\//);
    expect(thumbnail.headers.get('cache-control')).toBe('private, max-age=300');
    expect((await visit(`${link.url}/photos/${inAlbum[1]}/image`)).status).toBe(200);
  });

  it('marks every /s/ answer noindex, no-referrer, no-store, under the strict CSP', async () => {
    const album = await demo.newAlbum('Headers', inAlbum);
    const link = await demo.share({ albumId: album });
    for (const answer of [
      await visit(link.url),
      await visit(link.url, { json: true }),
      await visit(`${stack.baseUrl}/s/unknown-token`),
      await visit(`${link.url}/photos/${inAlbum[0]}/image`),
    ]) {
      expect(answer.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('content-security-policy')).toContain("default-src '");
    }
    expect((await visit(link.url)).headers.get('cache-control')).toBe('no-store');
    expect((await visit(link.url, { json: true })).headers.get('cache-control')).toBe('no-store');
    expect((await visit(link.url)).headers.get('content-security-policy')).toContain(
      "script-src 'self'",
    );
  });

  it('shows a photo added later, and 404s a photo once it is removed from the album', async () => {
    const album = await demo.newAlbum('Growing', [inAlbum[0]]);
    const link = await demo.share({ albumId: album });
    const added = await demo.upload('coffee-phone.jpg', 'Added later');
    await demo.call('POST', `/api/albums/${album}/photos`, { ids: [added] });
    const body = JSON.parse((await visit(link.url, { json: true })).text);
    expect(ids(body.items)).toEqual([inAlbum[0], added].sort());
    expect((await visit(`${link.url}/photos/${added}/image`)).status).toBe(200);

    expect((await demo.call('DELETE', `/api/albums/${album}/photos/${added}`)).status).toBe(204);
    expect((await visit(`${link.url}/photos/${added}/image`)).status).toBe(404);
    expect((await visit(`${link.url}/photos/${added}/thumbnail`)).status).toBe(404);
    expect(ids(JSON.parse((await visit(link.url, { json: true })).text).items)).toEqual([
      inAlbum[0],
    ]);
  });

  it('answers 404 for any other photo of the owner through album and photo links', async () => {
    const album = await demo.newAlbum('Narrow', inAlbum);
    const albumLink = await demo.share({ albumId: album });
    const photoLink = await demo.share({ photoId: inAlbum[0] });
    for (const base of [albumLink.url, photoLink.url]) {
      for (const variant of ['image', 'thumbnail', 'original']) {
        const answer = await visit(`${base}/photos/${elsewhere}/${variant}`);
        expect(answer.status).toBe(404);
        expect(answer.text).toContain('This link is not available');
      }
    }
    expect((await visit(`${photoLink.url}/photos/${inAlbum[1]}/image`)).status).toBe(404);
    expect((await visit(`${photoLink.url}/photos/${inAlbum[0]}/image`)).status).toBe(200);
    expect((await visit(`${photoLink.url}/photos/not-a-uuid/image`)).status).toBe(404);
    expect((await visit(`${photoLink.url}/photos/${inAlbum[0]}/secret`)).status).toBe(404);
    const photoJson = JSON.parse((await visit(photoLink.url, { json: true })).text);
    expect(photoJson).toMatchObject({ kind: 'photo', name: 'Rocket' });
    expect(ids(photoJson.items)).toEqual([inAlbum[0]]);
  });

  it('serves originals only with allowDownload, as an attachment', async () => {
    const closed = await demo.share({ photoId: inAlbum[0] });
    expect((await visit(`${closed.url}/photos/${inAlbum[0]}/original`)).status).toBe(404);
    const open = await demo.share({ photoId: inAlbum[0], allowDownload: true });
    const original = await visit(`${open.url}/photos/${inAlbum[0]}/original`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-disposition')).toMatch(/^attachment;/);
    const json = JSON.parse((await visit(open.url, { json: true })).text);
    expect(json.items[0].urls.original).toBe(`${open.url}/photos/${inAlbum[0]}/original`);
    expect(json.items[0].urls.original).toBeDefined();
  });

  it('stops at its expiry (the app’s clock), with the same 404 as an unknown link', async () => {
    const link = await demo.share({
      photoId: inAlbum[0],
      expiresAt: new Date(clock.now() + DAY_MS).toISOString(),
    });
    expect((await visit(link.url)).status).toBe(200);
    const image = await visit(`${link.url}/photos/${inAlbum[0]}/image`);
    expect(image.headers.get('cache-control')).toBe('private, max-age=300');
    clock.advance(DAY_MS - 120_000);
    // Never cached past the link's own end.
    const late = await visit(`${link.url}/photos/${inAlbum[0]}/image`);
    expect(late.headers.get('cache-control')).toMatch(/^private, max-age=1[12]\d$/);
    clock.advance(120_001);
    await deadEverywhere(link.url, inAlbum[0]);
    const unknown = await visit(`${stack.baseUrl}/s/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe((await visit(link.url)).text);
    // A day later the API clients' hour-long access tokens have expired too: they sign in again
    // (the local Cognito shares the clock), as a real client would refresh.
    demo = await ApiUser.of(stack);
    second = await ApiUser.of(stack, SECOND);
    expect((await demo.shares()).map((share) => String(share.id))).not.toContain(link.id);
  });

  it('refuses an expiry in the past, a bad target, and a short password, storing nothing', async () => {
    const before = (await sql(stack, 'SELECT id FROM share_links')).length;
    for (const body of [
      { photoId: inAlbum[0], expiresAt: new Date(clock.now() - 1000).toISOString() },
      { photoId: inAlbum[0], expiresAt: 'tomorrow' },
      { photoId: inAlbum[0], albumId: inAlbum[1] },
      {},
      { photoId: inAlbum[0], password: 'short' },
      { photoId: inAlbum[0], allowDownload: 'yes' },
    ]) {
      const answer = await demo.call('POST', '/api/shares', body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body).toEqual({
        statusCode: 400,
        error: 'BAD_REQUEST',
        message: expect.any(String),
      });
    }
    expect(await sql(stack, 'SELECT id FROM share_links')).toHaveLength(before);
  });

  it('dies when revoked, when its album is deleted, and when its photo is deleted', async () => {
    const revoked = await demo.share({ photoId: inAlbum[1] });
    expect((await demo.call('DELETE', `/api/shares/${revoked.id}`)).status).toBe(204);
    await deadEverywhere(revoked.url, inAlbum[1]);
    expect((await demo.call('DELETE', `/api/shares/${revoked.id}`)).status).toBe(404);

    const album = await demo.newAlbum('Doomed', [inAlbum[1]]);
    const albumLink = await demo.share({ albumId: album });
    expect((await visit(albumLink.url)).status).toBe(200);
    expect((await demo.call('DELETE', `/api/albums/${album}`)).status).toBe(204);
    await deadEverywhere(albumLink.url, inAlbum[1]);

    const doomed = await demo.upload('rocket.jpg', 'Doomed photo');
    const album2 = await demo.newAlbum('Keeps going', [doomed, inAlbum[0]]);
    const photoLink = await demo.share({ photoId: doomed });
    const album2Link = await demo.share({ albumId: album2 });
    expect((await demo.call('DELETE', `/api/photos/${doomed}`)).status).toBe(204);
    await deadEverywhere(photoLink.url, doomed);
    expect((await visit(`${album2Link.url}/photos/${doomed}/image`)).status).toBe(404);
    expect(ids(JSON.parse((await visit(album2Link.url, { json: true })).text).items)).toEqual([
      inAlbum[0],
    ]);
  });

  describe('on two instances', () => {
    let other: AppInstance;
    beforeAll(async () => {
      other = await stack.startInstance();
    });
    afterAll(() => other.close());

    it('a revoke on one instance is a 404 on the other at once', async () => {
      const link = await demo.share({ photoId: inAlbum[0] });
      const onOther = link.url.replace(stack.baseUrl, other.baseUrl);
      expect((await visit(onOther)).status).toBe(200);
      expect((await visit(`${onOther}/photos/${inAlbum[0]}/image`)).status).toBe(200);
      expect((await demo.call('DELETE', `/api/shares/${link.id}`)).status).toBe(204);
      await deadEverywhere(onOther, inAlbum[0]);
    });

    it('a removal from the album on one instance is a 404 on the other at once', async () => {
      const album = await demo.newAlbum('Both', inAlbum);
      const link = await demo.share({ albumId: album });
      const onOther = link.url.replace(stack.baseUrl, other.baseUrl);
      expect((await visit(`${onOther}/photos/${inAlbum[1]}/image`)).status).toBe(200);
      await demo.call('DELETE', `/api/albums/${album}/photos/${inAlbum[1]}`);
      expect((await visit(`${onOther}/photos/${inAlbum[1]}/image`)).status).toBe(404);
    });
  });

  it('counts page views in the row, without storing anything about the visitor', async () => {
    const link = await demo.share({ photoId: inAlbum[0] });
    await Promise.all([visit(link.url), visit(link.url), visit(link.url, { json: true })]);
    await visit(`${link.url}/photos/${inAlbum[0]}/image`);
    const listed = (await demo.shares()).find((share) => share.id === link.id);
    expect(listed.views).toBe(3);
    const [row] = await sql(stack, 'SELECT * FROM share_links WHERE id = $1', [link.id]);
    expect(Object.keys(row).sort()).toEqual(
      [
        'album_id',
        'allow_download',
        'created_at',
        'expires_at',
        'id',
        'owner_name',
        'owner_sub',
        'password_hash',
        'photo_id',
        'token_hash',
        'token_sealed',
        'views',
      ].sort(),
    );
  });

  it('keeps only the token’s hash and a sealed copy: the database holds no live link', async () => {
    const link = await demo.share({ photoId: inAlbum[0] });
    const [row] = await sql<{ token_hash: Buffer; token_sealed: string }>(
      stack,
      'SELECT token_hash, token_sealed FROM share_links WHERE id = $1',
      [link.id],
    );
    expect(row.token_hash.equals(createHash('sha256').update(link.token).digest())).toBe(true);
    const dump = JSON.stringify(await sql(stack, 'SELECT * FROM share_links'));
    expect(dump).not.toContain(link.token);
    expect(Buffer.from(link.token, 'base64url')).toHaveLength(32);
  });

  it('lists the caller’s links with their shape, and nobody else’s', async () => {
    const link = await demo.share({ photoId: inAlbum[0], password: 'correct horse' });
    const listed = (await demo.shares()).find((share) => share.id === link.id);
    expect(listed).toEqual({
      id: link.id,
      url: link.url,
      photoId: inAlbum[0],
      expiresAt: null,
      allowDownload: false,
      hasPassword: true,
      createdAt: expect.any(String),
      views: 0,
    });
    expect((await second.call('GET', '/api/shares')).body.items).toEqual([]);
  });

  it('will not let a second user share, revoke or see the first user’s photos and albums', async () => {
    const album = await demo.newAlbum('Mine', inAlbum);
    const link = await demo.share({ albumId: album });
    const before = (await sql(stack, 'SELECT id FROM share_links')).length;
    for (const target of [{ photoId: inAlbum[0] }, { albumId: album }]) {
      const answer = await second.call('POST', '/api/shares', target);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        statusCode: 404,
        error: 'NOT_FOUND',
        message: expect.any(String),
      });
    }
    expect(await sql(stack, 'SELECT id FROM share_links')).toHaveLength(before);
    expect((await second.call('DELETE', `/api/shares/${link.id}`)).status).toBe(404);
    expect((await visit(link.url)).status).toBe(200);
    expect((await second.call('GET', '/api/albums')).body.items).toEqual([]);
    expect((await second.call('GET', `/api/albums/${album}`)).status).toBe(404);
  });
});
