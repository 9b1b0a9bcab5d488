import { SECOND, TestStack } from '../support/test-stack';
import { sql } from '../photos/photos-test-kit';
import { ApiUser } from './sharing-kit';

describe('Albums API', () => {
  let stack: TestStack;
  let demo: ApiUser;
  let second: ApiUser;
  let photos: string[];
  let secondPhoto: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    demo = await ApiUser.of(stack);
    second = await ApiUser.of(stack, SECOND);
    photos = [
      await demo.upload('rocket.jpg', 'Rocket'),
      await demo.upload('chelsea.png', 'Chelsea'),
      await demo.upload('astronaut.webp', 'Astronaut'),
    ];
    secondPhoto = await second.upload('coffee-phone.jpg', 'Not yours');
  });
  afterAll(() => stack.close());

  it('makes, lists (newest first), renames and reads albums', async () => {
    const first = await demo.call('POST', '/api/albums', { name: '  Summer  ' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Summer',
      photoCount: 0,
      coverPhotoId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const secondAlbum = await demo.call('POST', '/api/albums', { name: 'Winter' });
    const list = await demo.call('GET', '/api/albums');
    expect((list.body.items as { name: string }[]).map((album) => album.name).slice(0, 2)).toEqual([
      'Winter',
      'Summer',
    ]);
    const renamed = await demo.call('PATCH', `/api/albums/${first.body.id}`, { name: 'Summer 24' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Summer 24');
    expect((await demo.call('GET', `/api/albums/${first.body.id}`)).body.name).toBe('Summer 24');
    expect((await demo.call('DELETE', `/api/albums/${secondAlbum.body.id}`)).status).toBe(204);
  });

  it('refuses names that are empty after trimming or over 200 characters, storing nothing', async () => {
    const before = await sql(stack, 'SELECT id FROM albums');
    for (const body of [{ name: '   ' }, { name: 'x'.repeat(201) }, { name: 42 }, {}]) {
      const answer = await demo.call('POST', '/api/albums', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        statusCode: 400,
        error: 'BAD_REQUEST',
        message: expect.stringContaining('1 to 200 characters'),
      });
    }
    expect(await sql(stack, 'SELECT id FROM albums')).toHaveLength(before.length);
    expect((await demo.call('POST', '/api/albums', { name: 'x'.repeat(200) })).status).toBe(201);
  });

  it('adds the caller’s photos: added, alreadyIn, and notFound for anyone else’s, which stay out', async () => {
    const album = await demo.newAlbum('Trip');
    const first = await demo.call('POST', `/api/albums/${album}/photos`, { ids: [photos[0]] });
    expect(first.body).toEqual({ added: [photos[0]], alreadyIn: [], notFound: [] });
    const missing = '00000000-0000-7000-8000-000000000000';
    const answer = await demo.call('POST', `/api/albums/${album}/photos`, {
      ids: [photos[1], photos[0], secondPhoto, missing, photos[1]],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      added: [photos[1]],
      alreadyIn: [photos[0]],
      notFound: [secondPhoto, missing],
    });
    const rows = await sql(stack, 'SELECT photo_id FROM album_photos WHERE album_id = $1', [album]);
    expect(rows.map((row) => row.photo_id).sort()).toEqual([photos[0], photos[1]].sort());
    const shown = await demo.call('GET', `/api/albums/${album}`);
    expect(shown.body.photoCount).toBe(2);
    expect(photos).toContain(shown.body.coverPhotoId);
  });

  it('validates ids: at most 100, each a UUID, changing nothing when refused', async () => {
    const album = await demo.newAlbum('Checked');
    const tooMany = Array.from({ length: 101 }, () => photos[0]);
    for (const body of [
      { ids: tooMany },
      { ids: [] },
      { ids: ['nope', photos[0]] },
      { ids: 'x' },
    ]) {
      const answer = await demo.call('POST', `/api/albums/${album}/photos`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.statusCode).toBe(400);
    }
    expect((await demo.call('GET', `/api/albums/${album}`)).body.photoCount).toBe(0);
  });

  it('pages an album’s photos newest taken first, and removes one while the photo stays', async () => {
    const album = await demo.newAlbum('Paged', photos);
    const first = await demo.call('GET', `/api/albums/${album}/photos?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].urls.image).toMatch(/\/api\/photos\/.+\/image$/);
    const rest = await demo.call(
      'GET',
      `/api/albums/${album}/photos?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...rest.body.items].map((photo: { id: string }) => photo.id);
    expect(all.sort()).toEqual([...photos].sort());

    expect((await demo.call('DELETE', `/api/albums/${album}/photos/${photos[2]}`)).status).toBe(
      204,
    );
    expect((await demo.call('DELETE', `/api/albums/${album}/photos/${photos[2]}`)).status).toBe(
      404,
    );
    expect((await demo.call('GET', `/api/photos/${photos[2]}`)).status).toBe(200);
    expect((await demo.call('GET', `/api/albums/${album}`)).body.photoCount).toBe(2);
  });

  it('deletes an album but keeps its photos', async () => {
    const album = await demo.newAlbum('Short-lived', [photos[0]]);
    expect((await demo.call('DELETE', `/api/albums/${album}`)).status).toBe(204);
    expect((await demo.call('GET', `/api/albums/${album}`)).status).toBe(404);
    expect((await demo.call('GET', `/api/photos/${photos[0]}`)).status).toBe(200);
    expect(await sql(stack, 'SELECT 1 FROM album_photos WHERE album_id = $1', [album])).toEqual([]);
  });

  it('answers 404 for another user’s album on every route, and changes nothing', async () => {
    const album = await demo.newAlbum('Private', [photos[0]]);
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/albums/${album}`],
      ['PATCH', `/api/albums/${album}`, { name: 'Hijacked' }],
      ['GET', `/api/albums/${album}/photos`],
      ['POST', `/api/albums/${album}/photos`, { ids: [secondPhoto] }],
      ['DELETE', `/api/albums/${album}/photos/${photos[0]}`],
      ['DELETE', `/api/albums/${album}`],
      ['GET', '/api/albums/not-a-uuid'],
    ];
    for (const [method, path, body] of routes) {
      const answer = await second.call(method, path, body);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
      expect(answer.body).toEqual({
        statusCode: 404,
        error: 'NOT_FOUND',
        message: expect.any(String),
      });
    }
    expect((await second.call('GET', '/api/albums')).body.items).toEqual([]);
    const kept = await demo.call('GET', `/api/albums/${album}`);
    expect(kept.body).toMatchObject({ name: 'Private', photoCount: 1 });
  });

  it('will not let another user put the first user’s photos into their own album', async () => {
    const theirs = await second.newAlbum('Theirs');
    const answer = await second.call('POST', `/api/albums/${theirs}/photos`, { ids: photos });
    expect(answer.body).toEqual({ added: [], alreadyIn: [], notFound: photos });
    expect((await second.call('GET', `/api/albums/${theirs}`)).body.photoCount).toBe(0);
  });

  it('needs a token', async () => {
    expect((await fetch(`${stack.baseUrl}/api/albums`)).status).toBe(401);
  });
});
