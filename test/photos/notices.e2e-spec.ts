import { Browser } from '../support/browser';
import { TestStack } from '../support/test-stack';
import { fixture, noticeOn, signedInSuite, uploadPhoto } from './photos-test-kit';

describe('Notices and private pages', () => {
  let stack: TestStack;
  let browser: Browser;

  signedInSuite((started) => ({ stack, browser } = started));

  it('shows "Uploaded 1 photo." on the page right after each of 20 uploads in a row', async () => {
    const photo = await fixture('rocket.jpg');
    const missed: number[] = [];
    for (let i = 1; i <= 20; i++) {
      // The redirect is followed at once, as a browser does.
      const page = await uploadPhoto(browser, stack, photo, { follow: true });
      if (noticeOn(page.body) !== 'Uploaded 1 photo.') missed.push(i);
    }
    expect(missed).toEqual([]);
  });

  it('marks signed-in pages no-store, so Back after "Log out" cannot show them', async () => {
    for (const path of ['/', '/myphotos', '/info']) {
      const page = await browser.get(`${stack.baseUrl}${path}`);
      expect({ path, cacheControl: page.headers.get('cache-control') }).toEqual({
        path,
        cacheControl: 'no-store',
      });
    }
  });
});
