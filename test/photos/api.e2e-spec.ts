import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { apiTokens, type ApiTokens, forgeAccessToken, postAsAppClient } from '../support/api-token';
import { SECOND, TestStack } from '../support/test-stack';
import { fixture, photoRowCount, storedFiles } from './photos-test-kit';

interface PhotoJson {
  id: string;
  description: string;
  contentType: string;
  width: number;
  height: number;
  sizeBytes: number;
  createdAt: string;
  takenAt: string | null;
  takenAtOffset: string | null;
  original: {
    contentType: string;
    sizeBytes: number;
    width: number;
    height: number;
    fileName: string;
  };
  urls: { original: string; image: string; thumbnail: string };
}

describe('The JSON API with a Cognito access token', () => {
  let stack: TestStack;
  let tokens: ApiTokens;
  let created: PhotoJson;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const api = (path: string, init: RequestInit = {}, token = tokens.accessToken) =>
    fetch(`${stack.baseUrl}${path}`, {
      ...init,
      headers: { ...bearer(token), ...(init.headers as Record<string, string>) },
    });

  async function upload(name: string, description = ''): Promise<Response> {
    const form = new FormData();
    form.append('description', description);
    form.append(
      'photo',
      new Blob([new Uint8Array(await fixture(name))]),
      name.replace(/^bad\//, ''),
    );
    return api('/api/photos', { method: 'POST', body: form });
  }

  beforeAll(async () => {
    stack = await TestStack.start();
    tokens = await apiTokens(stack);
  });
  afterAll(() => stack.close());

  it('GET /api/me says who the token belongs to, with the email from userInfo', async () => {
    const response = await api('/api/me');
    expect(response.status).toBe(200);
    const me = (await response.json()) as Record<string, unknown>;
    expect(me).toEqual({
      sub: expect.any(String),
      username: 'demo',
      email: 'demo@example.com',
      groups: [],
      scopes: expect.arrayContaining(['openid']),
    });
  });

  it('POST /api/photos stores a photo: 201, Location and the photo JSON', async () => {
    const response = await upload('coffee-phone.jpg', 'Coffee via the API');
    expect(response.status).toBe(201);
    created = (await response.json()) as PhotoJson;
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      description: 'Coffee via the API',
      contentType: 'image/jpeg',
      width: 1200,
      height: 1800,
      sizeBytes: expect.any(Number),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      // EXIF DateTimeOriginal 2024:06:01 09:30:00 without an offset: the camera's wall clock.
      takenAt: '2024-06-01T09:30:00.000Z',
      takenAtOffset: null,
      original: {
        contentType: 'image/jpeg',
        sizeBytes: (await fixture('coffee-phone.jpg')).length,
        width: 1200,
        height: 1800,
        fileName: 'coffee-phone.jpg',
      },
      urls: {
        original: `${stack.baseUrl}/api/photos/${created.id}/original`,
        image: `${stack.baseUrl}/api/photos/${created.id}/image`,
        thumbnail: `${stack.baseUrl}/api/photos/${created.id}/thumbnail`,
      },
    });
    expect(response.headers.get('location')).toBe(`${stack.baseUrl}/api/photos/${created.id}`);
    expect(Math.abs(Date.parse(created.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it('GET /api/photos lists it and GET /api/photos/:id returns it', async () => {
    const list = await api('/api/photos');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ items: [created], nextCursor: null });
    const one = await api(`/api/photos/${created.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(created);
  });

  it('serves the stripped display copy at urls.image and the thumbnail at urls.thumbnail, to the token holder only', async () => {
    for (const [url, width, height] of [
      [created.urls.image, 1200, 1800],
      [created.urls.thumbnail, 200, 300],
    ] as const) {
      const response = await fetch(url, { headers: bearer(tokens.accessToken) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toMatch(
        /^default-src 'none';.*sandbox/,
      );
      const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([metadata.width, metadata.height, metadata.exif]).toEqual([width, height, undefined]);
      expect((await fetch(url)).status).toBe(401);
    }
  });

  it('serves urls.original byte for byte as uploaded, as an attachment, to the token holder only', async () => {
    const response = await fetch(created.urls.original, { headers: bearer(tokens.accessToken) });
    expect(response.status).toBe(200);
    const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(digest(new Uint8Array(await response.arrayBuffer()))).toBe(
      digest(await fixture('coffee-phone.jpg')),
    );
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="coffee-phone.jpg"; filename*=UTF-8''coffee-phone.jpg`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect((await fetch(created.urls.original)).status).toBe(401);
  });

  it.each([
    ['bad/not-an-image.jpg', 415, /not supported/],
    ['bad/script.svg', 415, /not supported/],
    ['bad/truncated.jpg', 400, /damaged/],
    ['bad/empty.jpg', 400, /empty/],
    ['bad/bomb-40000x40000.png', 413, /too many pixels/],
  ])(
    'refuses %s with a %i JSON error saying why, storing nothing',
    async (name, status, message) => {
      const response = await upload(name);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        statusCode: status,
        error: expect.any(String),
        message: expect.stringMatching(message),
      });
      expect(await photoRowCount(stack)).toBe(1);
    },
  );

  it('PATCH /api/photos/:id edits the description by the upload rules; others get 404', async () => {
    const patch = (body: unknown, token = tokens.accessToken, id = created.id) =>
      api(
        `/api/photos/${id}`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
        token,
      );
    const edited = await patch({ description: '  Terrace, <i>morning</i>\r\n ' });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      id: created.id,
      description: 'Terrace, <i>morning</i>',
    });
    expect(((await (await api(`/api/photos/${created.id}`)).json()) as PhotoJson).description).toBe(
      'Terrace, <i>morning</i>',
    );

    for (const bad of [{}, { description: 42 }, { description: 'x'.repeat(2001) }]) {
      const refused = await patch(bad);
      expect(refused.status).toBe(400);
    }
    const other = await apiTokens(stack, SECOND);
    expect((await patch({ description: 'mine now' }, other.accessToken)).status).toBe(404);
    expect((await patch({ description: 'x' }, tokens.accessToken, 'not-an-id')).status).toBe(404);
    expect(((await (await api(`/api/photos/${created.id}`)).json()) as PhotoJson).description).toBe(
      'Terrace, <i>morning</i>',
    );
  });

  it('refuses an upload without a photo (400 JSON), naming the API field', async () => {
    const form = new FormData();
    form.append('description', 'no file');
    const response = await api('/api/photos', { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: 'No image: send it as the multipart/form-data file field "photo".',
    });
  });

  describe('refusals worded for API clients, naming their fields, never the web form', () => {
    async function refusal(body: FormData | string, headers: Record<string, string> = {}) {
      const before = await photoRowCount(stack);
      const response = await api('/api/photos', { method: 'POST', body, headers });
      const answer = (await response.json()) as { message: string };
      expect(answer.message).not.toMatch(/Photo field|Choose a photo|valid form/);
      expect(await photoRowCount(stack)).toBe(before);
      return { status: response.status, message: answer.message };
    }

    const rocket = async () => new Blob([new Uint8Array(await fixture('rocket.jpg'))]);

    it('an image sent as `file` instead of `photo`', async () => {
      const form = new FormData();
      form.append('file', await rocket(), 'rocket.jpg');
      await expect(refusal(form)).resolves.toEqual({
        status: 400,
        message:
          'Unexpected file field "file": send the image as the multipart/form-data file field "photo".',
      });
    });

    it('two images in one request', async () => {
      const form = new FormData();
      form.append('photo', await rocket(), 'a.jpg');
      form.append('photo', await rocket(), 'b.jpg');
      await expect(refusal(form)).resolves.toEqual({
        status: 400,
        message: 'Send one image per request, as the multipart/form-data file field "photo".',
      });
    });

    it('a body that is not multipart/form-data', async () => {
      const { status, message } = await refusal('--x\r\nnot a part', {
        'content-type': 'multipart/form-data; boundary=x',
      });
      expect(status).toBe(400);
      expect(message).toMatch(/multipart\/form-data/);
    });

    it('an edited cursor', async () => {
      const response = await api('/api/photos?cursor=AAAA');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe(
        'cursor is not valid: pass the nextCursor of the previous page, or none for the first.',
      );
    });
  });

  it('DELETE /api/photos/:id answers 204, then 404; the files are gone', async () => {
    const response = await api(`/api/photos/${created.id}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await api(`/api/photos/${created.id}`)).status).toBe(404);
    expect((await api(`/api/photos/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(
      (await fetch(created.urls.original, { headers: bearer(tokens.accessToken) })).status,
    ).toBe(404);
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  describe('refuses callers without a valid access token: 401 with a Bearer challenge', () => {
    // RFC 6750 §3.1: error codes only for a presented token; none when there was no token.
    const NO_TOKEN = 'Bearer realm="photos"';
    const INVALID =
      'Bearer realm="photos", error="invalid_token", error_description="The access token is invalid or expired."';
    const cases: [string, () => Promise<Record<string, string>>, string][] = [
      ['no token', () => Promise.resolve({}), NO_TOKEN],
      ['a garbage token', () => Promise.resolve(bearer('not.a.jwt')), INVALID],
      [
        'an ID token instead of an access token',
        () => Promise.resolve(bearer(tokens.idToken)),
        INVALID,
      ],
      [
        'a token for another client',
        async () =>
          bearer(await forgeAccessToken(stack, tokens.accessToken, { client_id: 'someone-else' })),
        INVALID,
      ],
      [
        'a Basic header',
        () => Promise.resolve({ authorization: 'Basic ZGVtbzpkZW1vLXBhc3N3b3Jk' }),
        NO_TOKEN,
      ],
    ];

    it.each(cases)('%s', async (_label, headersOf, challenge) => {
      const headers = await headersOf();
      for (const path of ['/api/me', '/api/photos']) {
        const response = await fetch(`${stack.baseUrl}${path}`, { headers });
        expect({ path, status: response.status }).toEqual({ path, status: 401 });
        expect(response.headers.get('www-authenticate')).toBe(challenge);
        expect(await response.json()).toMatchObject({ statusCode: 401 });
      }
    });
  });

  it('refuses a valid token without the openid scope with 403', async () => {
    const token = await forgeAccessToken(stack, tokens.accessToken, { scope: 'email profile' });
    const response = await fetch(`${stack.baseUrl}/api/photos`, { headers: bearer(token) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      statusCode: 403,
      message: 'The access token lacks the scope: openid',
    });
  });

  it('answers 401 on /api/me once the token is revoked at Cognito', async () => {
    const revoked = await apiTokens(stack);
    const revoke = await postAsAppClient(stack, '/oauth2/revoke', {
      token: revoked.refreshToken!,
    });
    expect(revoke.status).toBe(200);
    const response = await api('/api/me', {}, revoked.accessToken);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="photos", error="invalid_token", error_description="The access token has been revoked."',
    );
  });

  it('documents the API at /api/docs', async () => {
    const response = await fetch(`${stack.baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; requestBody?: { content: Record<string, unknown> } }>
      >;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/me',
        '/api/photos',
        '/api/photos/{id}',
        '/api/photos/{id}/original',
        '/api/photos/{id}/thumbnail',
      ]),
    );
    expect(document.paths['/api/photos'].post.tags).toEqual(['photos']);
    expect(Object.keys(document.paths['/api/photos'].post.requestBody!.content)).toEqual([
      'multipart/form-data',
    ]);
  });
});
