import { Browser } from '../support/browser';
import { forms, formWithAction } from '../support/html';
import { apiTokens } from '../support/api-token';
import { SECOND, TestStack } from '../support/test-stack';
import {
  fixture,
  noticeOn,
  photoIdsOn,
  photoRowCount,
  signedIn,
  storedFiles,
  uploadPhoto,
} from './photos-test-kit';

describe('Only the owner sees, fetches and deletes a photo', () => {
  let stack: TestStack;
  let owner: Browser;
  let other: Browser;
  let photoId: string;

  const status = async (browser: Browser, path: string) =>
    (await browser.get(`${stack.baseUrl}${path}`, { follow: false })).status;

  /** Posts the delete form for `id` with the CSRF token of `browser`'s own page (or another). */
  async function postDelete(browser: Browser, id: string, csrf?: string | null) {
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const token =
      csrf === undefined ? formWithAction(page.body, /^\/myphotos$/).fields._csrf : csrf;
    const body = new URLSearchParams(token === null ? {} : { _csrf: token });
    return browser.request(`${stack.baseUrl}/myphotos/${id}/delete`, {
      method: 'POST',
      body,
      follow: false,
    });
  }

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signedIn(stack);
    other = await signedIn(stack, SECOND);
    expect(
      (await uploadPhoto(owner, stack, await fixture('rocket.jpg'), { description: 'Mine only' }))
        .status,
    ).toBe(303);
    [photoId] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
  });
  afterAll(() => stack.close());

  it('does not list it for another user', async () => {
    const page = await other.get(`${stack.baseUrl}/myphotos`);
    expect(photoIdsOn(page.body)).toEqual([]);
    expect(page.body).not.toContain('Mine only');
  });

  it('answers 404 to another user fetching it, as for a photo that does not exist', async () => {
    expect(await status(owner, `/photos/${photoId}`)).toBe(200);
    expect(await status(other, `/photos/${photoId}`)).toBe(404);
    expect(await status(other, `/photos/${photoId}/thumbnail`)).toBe(404);
    expect(await status(owner, '/photos/00000000-0000-7000-8000-000000000000')).toBe(404);
    expect(await status(owner, '/photos/not-a-uuid')).toBe(404);
    expect(await status(owner, "/photos/1'%20OR%20'1'='1/thumbnail")).toBe(404);
  });

  it('answers 404 to another user deleting it, and keeps it', async () => {
    const answer = await postDelete(other, photoId);
    expect(answer.status).toBe(404);
    expect(await photoRowCount(stack)).toBe(1);
    expect(await status(owner, `/photos/${photoId}`)).toBe(200);
  });

  it('answers 404 through the API too', async () => {
    const { accessToken } = await apiTokens(stack, SECOND);
    const headers = { authorization: `Bearer ${accessToken}` };
    for (const [method, path] of [
      ['GET', `/api/photos/${photoId}`],
      ['GET', `/api/photos/${photoId}/original`],
      ['GET', `/api/photos/${photoId}/image`],
      ['GET', `/api/photos/${photoId}/thumbnail`],
      ['DELETE', `/api/photos/${photoId}`],
    ]) {
      const response = await fetch(`${stack.baseUrl}${path}`, { method, headers });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      expect(await response.json()).toMatchObject({
        statusCode: 404,
        message: 'There is no such photo.',
      });
    }
    const list = (await (await fetch(`${stack.baseUrl}/api/photos`, { headers })).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
    expect(await photoRowCount(stack)).toBe(1);
  });

  it("refuses a forged delete without the CSRF token, or with a wrong one or another session's (403)", async () => {
    const otherToken = formWithAction(
      (await other.get(`${stack.baseUrl}/myphotos`)).body,
      /^\/myphotos$/,
    ).fields._csrf;
    for (const csrf of [null, 'forged-token', otherToken]) {
      const answer = await postDelete(owner, photoId, csrf);
      expect(answer.status).toBe(403);
    }
    expect(await photoRowCount(stack)).toBe(1);
    expect(await status(owner, `/photos/${photoId}`)).toBe(200);
  });

  it('lets the owner delete it with the Delete button: 303, "Deleted" once, row and files gone', async () => {
    const page = await owner.get(`${stack.baseUrl}/myphotos`);
    expect(forms(page.body).some((form) => form.action === `/myphotos/${photoId}/delete`)).toBe(
      true,
    );
    const confirm = await owner.submit(page, new RegExp(`/myphotos/${photoId}/delete$`));
    const answer = await owner.submit(
      confirm,
      new RegExp(`/myphotos/${photoId}/delete$`),
      {},
      { follow: false },
    );
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/myphotos');
    const after = await owner.get(`${stack.baseUrl}/myphotos`);
    expect(noticeOn(after.body)).toBe('Deleted');
    expect(photoIdsOn(after.body)).toEqual([]);
    expect(noticeOn((await owner.get(`${stack.baseUrl}/myphotos`)).body)).toBeUndefined();
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
    expect(await status(owner, `/photos/${photoId}`)).toBe(404);
    expect((await postDelete(owner, photoId)).status).toBe(404);
  });
});
