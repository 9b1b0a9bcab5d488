import { Browser } from '../support/browser';
import { SECOND, TestStack } from '../support/test-stack';
import {
  type BatchFile,
  fixture,
  noticeOn,
  photoRowCount,
  refusalsOn,
  signedIn,
  uploadPhotos,
} from './photos-test-kit';

const WRITES_PER_MINUTE = 5;

async function copies(count: number, start = 1): Promise<BatchFile[]> {
  const data = await fixture('rocket.jpg');
  return Array.from({ length: count }, (_, i) => ({ name: `launch-${start + i}.jpg`, data }));
}

/**
 * The uploads-and-deletes budget counts files, not requests: the upload script sends one request
 * per file, so a form post of N files costs N too; the files beyond the budget are refused by
 * name (the ones before them are stored), as the script's own requests for them would be.
 */
describe('The write budget, per file on both upload paths', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE) },
    });
  });
  afterAll(() => stack.close());

  it('counts a form post of 3 files as 3: a second post of 3 stores 2 and names the third', async () => {
    const browser = await signedIn(stack);
    const before = await photoRowCount(stack);
    const first = await uploadPhotos(browser, stack, await copies(3), { follow: true });
    expect(noticeOn(first.body)).toBe('Uploaded 3 photos.');

    const second = await uploadPhotos(browser, stack, await copies(3, 4), { follow: true });
    expect(noticeOn(second.body)).toBe('Uploaded 2 photos.');
    const refusals = refusalsOn(second.body);
    expect(refusals.map((refusal) => refusal.name)).toEqual(['launch-6.jpg']);
    expect(refusals[0].reason).toMatch(
      /^Not uploaded: too many uploads and deletes in one minute\. Try this one again in \d+ seconds?\.$/,
    );
    expect(await photoRowCount(stack)).toBe(before + WRITES_PER_MINUTE);

    // The budget is spent: the upload script's one-file request is refused, with when to retry.
    const scripted = await uploadPhotos(browser, stack, await copies(1, 7), { json: true });
    expect(scripted.status).toBe(429);
    const retryAfter = Number(scripted.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await photoRowCount(stack)).toBe(before + WRITES_PER_MINUTE);
  });

  it('answers the upload script per file: one-file requests count one each, a batch its files', async () => {
    const browser: Browser = await signedIn(stack, SECOND);
    const statuses: number[] = [];
    for (const file of await copies(2)) {
      statuses.push((await uploadPhotos(browser, stack, [file], { json: true })).status);
    }
    expect(statuses).toEqual([200, 200]);
    // 3 left; a batch of 4 asking for JSON stores 3 and refuses the 4th by name, with 429's reason.
    const answer = await uploadPhotos(browser, stack, await copies(4, 3), { json: true });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as {
      uploaded: unknown[];
      refused: { name: string; reason: string }[];
    };
    expect(body.uploaded).toHaveLength(3);
    expect(body.refused).toEqual([
      { name: 'launch-6.jpg', reason: expect.stringMatching(/^Not uploaded: too many uploads/) },
    ]);
  });
});
