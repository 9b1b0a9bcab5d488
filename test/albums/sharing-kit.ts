import { apiTokens } from '../support/api-token';
import { fixture } from '../support/fixtures';
import type { LocalCognitoSeedUser } from '../../packages/local-cognito/src/local-cognito.seed-users';
import { DEMO, type TestStack } from '../support/test-stack';

/**
 * Any JSON answer: the suites check its shape with expect(), which is the point of the test, so
 * the type does not pretend to know it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A JSON answer: status, headers and the parsed body. */
export interface JsonAnswer<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One user's API client for the album and share suites: Bearer requests against `baseUrl`
 * (another instance's, to test that a change holds everywhere).
 */
export class ApiUser {
  private constructor(
    private readonly token: string,
    readonly baseUrl: string,
  ) {}

  static async of(stack: TestStack, user: LocalCognitoSeedUser = DEMO): Promise<ApiUser> {
    const { accessToken } = await apiTokens(stack, user);
    return new ApiUser(accessToken, stack.baseUrl);
  }

  /** The same user through another instance. */
  on(baseUrl: string): ApiUser {
    return new ApiUser(this.token, baseUrl);
  }

  async call<T = Json>(method: string, path: string, body?: unknown): Promise<JsonAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as T) : (undefined as T),
    };
  }

  /** Uploads a fixture through the API; answers the new photo's id. */
  async upload(name = 'rocket.jpg', description = ''): Promise<string> {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(await fixture(name))]), name);
    form.append('description', description);
    const response = await fetch(`${this.baseUrl}/api/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}` },
      body: form,
    });
    if (response.status !== 201) throw new Error(`Upload answered ${response.status}`);
    return ((await response.json()) as { id: string }).id;
  }

  async newAlbum(name: string, photoIds: string[] = []): Promise<string> {
    const made = await this.call('POST', '/api/albums', { name });
    if (made.status !== 201) throw new Error(`New album answered ${made.status}`);
    if (photoIds.length > 0)
      await this.call('POST', `/api/albums/${made.body.id}/photos`, { ids: photoIds });
    return made.body.id as string;
  }

  /** The caller's live links (GET /api/shares). */
  async shares(): Promise<Json[]> {
    return (await this.call('GET', '/api/shares')).body.items as Json[];
  }

  /** Makes a link; answers its id, URL and token. */
  async share(
    target: Record<string, unknown>,
  ): Promise<{ id: string; url: string; token: string }> {
    const made = await this.call('POST', '/api/shares', target);
    if (made.status !== 201)
      throw new Error(`Share answered ${made.status}: ${JSON.stringify(made.body)}`);
    const url = made.body.url as string;
    return { id: made.body.id, url, token: url.slice(url.lastIndexOf('/') + 1) };
  }
}

/** A signed-out visitor's GET (no cookies unless given). */
export async function visit(
  url: string,
  options: { json?: boolean; cookie?: string } = {},
): Promise<{ status: number; headers: Headers; text: string; bytes: Buffer }> {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: {
      ...(options.json ? { accept: 'application/json' } : { accept: 'text/html' }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    text: bytes.toString('utf8'),
    bytes,
  };
}
