import type { LocalCognitoSeedUser } from '../../packages/local-cognito/src/local-cognito.config';
import { apiTokens } from '../support/api-token';
import { DEMO, SECOND, TestStack } from '../support/test-stack';
import { eventually, fixture, photoRowCount, spooledFiles } from './photos-test-kit';
import { type RawUpload, startRawUpload, statusOf } from './raw-upload';

const MiB = 2 ** 20;
const THIRD: LocalCognitoSeedUser = {
  username: 'third',
  password: 'third-password',
  email: 'third@example.com',
  nickname: 'Third',
};
/** Each held upload declares a body of about 1 MiB: a photo just under MAX_UPLOAD_BYTES. */
const HELD_PHOTO = Buffer.alloc(MiB - 1024, 0x5a);

function apiUpload(baseUrl: string, token: string, photo: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(photo)]), 'photo.jpg');
  return fetch(`${baseUrl}/api/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

/**
 * Issue 22, finding 1: accounts holding half-sent uploads (the final boundary held back) must not
 * fill the spool's disk and keep everyone else out. Scaled down: 1 MiB photos, two per form post,
 * so a user's share of the spool is one such post (about 2.1 MiB), the instance's 4.5 MiB (four held uploads and a small one).
 */
describe('The upload spool under half-open uploads from several accounts', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  const held: RawUpload[] = [];

  beforeAll(async () => {
    stack = await TestStack.start({
      users: [DEMO, SECOND, THIRD],
      env: {
        MAX_UPLOAD_BYTES: String(MiB),
        MAX_UPLOAD_FILES: '2',
        UPLOAD_SPOOL_MAX_BYTES: String(4.5 * MiB),
        RATE_LIMIT_WRITES_PER_MINUTE: '1000',
      },
    });
    for (const user of [DEMO, SECOND, THIRD])
      tokens[user.username] = (await apiTokens(stack, user)).accessToken;
  });
  afterAll(async () => {
    held.forEach((upload) => upload.socket.destroy());
    await stack.close();
  });

  /** Starts an upload that sends half its photo and holds the rest back. */
  function hold(user: string): RawUpload {
    const upload = startRawUpload(stack.port, tokens[user], HELD_PHOTO, HELD_PHOTO.length / 2);
    held.push(upload);
    return upload;
  }

  async function spooledBytes(): Promise<number> {
    return (await spooledFiles(stack)).reduce((sum, file) => sum + file.size, 0);
  }

  it("refuses an account beyond its share with 429 and Retry-After, and another user's upload still goes through", async () => {
    for (const attacker of [DEMO.username, SECOND.username]) {
      const before = (await spooledFiles(stack)).length;
      hold(attacker);
      hold(attacker);
      expect(
        await eventually(async () => (await spooledFiles(stack)).length === before + 2, 5000),
      ).toBe(true);
      const third = hold(attacker); // a third slot is free (4 per user), its share of bytes is not
      const { response } = await third.closed;
      expect(statusOf(response)).toBe(429);
      expect(response).toMatch(/\r\nRetry-After: 30\r\n/i);
    }
    const honest = await apiUpload(stack.baseUrl, tokens.third, await fixture('rocket.jpg'));
    expect(honest.status).toBe(201);
    expect(await spooledBytes()).toBeLessThanOrEqual(4.5 * MiB);
  });

  it('answers 503 with Retry-After once the instance budget is taken, spooling nothing of it', async () => {
    const files = (await spooledFiles(stack)).length;
    const refused = hold(THIRD.username);
    const { response } = await refused.closed;
    expect(statusOf(response)).toBe(503);
    expect(response).toMatch(/\r\nRetry-After: 30\r\n/i);
    expect((await spooledFiles(stack)).length).toBe(files);
  });

  it('leaves nothing on disk once the held uploads let go, and takes uploads again', async () => {
    const rows = await photoRowCount(stack);
    held.splice(0).forEach((upload) => upload.socket.destroy());
    expect(await eventually(async () => (await spooledFiles(stack)).length === 0, 5000)).toBe(true);
    expect(await photoRowCount(stack)).toBe(rows);
    const again = await apiUpload(stack.baseUrl, tokens.demo, await fixture('rocket.jpg'));
    expect(again.status).toBe(201);
  });

  it('refuses uploads with 503 while the disk is at its free-space floor', async () => {
    const floor = await stack.startInstance(undefined, {
      UPLOAD_SPOOL_MIN_FREE_BYTES: String(Number.MAX_SAFE_INTEGER),
    });
    const refused = await apiUpload(floor.baseUrl, tokens.third, await fixture('rocket.jpg'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await spooledFiles(stack)).toEqual([]);
  });
});
