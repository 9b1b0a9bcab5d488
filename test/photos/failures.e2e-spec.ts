import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Browser } from '../support/browser';
import { TestStack } from '../support/test-stack';
import { newPhotoId } from '../../src/photos/photo-id';
import { photoKey } from '../../src/photos/photo-keys';
import { PhotosRepository } from '../../src/photos/photos.repository';
import { PhotoStorage } from '../../src/photos/storage';
import { OrphanFileSweeper } from '../../src/photos/sweeper/orphan-file-sweeper';
import {
  fixture,
  photoIdsOn,
  photoRowCount,
  signedInSuite,
  sql,
  storedFiles,
  uploadPhoto,
} from './photos-test-kit';

describe('Failures leave nothing half-done', () => {
  let stack: TestStack;
  let browser: Browser;

  signedInSuite((started) => ({ stack, browser } = started));
  afterEach(() => jest.restoreAllMocks());

  it('removes the written files when storing the display copy fails: 500 page, no row, no files', async () => {
    const storage = stack.primary.app.get(PhotoStorage);
    const put = storage.put.bind(storage);
    let calls = 0;
    jest
      .spyOn(storage, 'put')
      .mockImplementation((key, data, contentType) =>
        ++calls === 2
          ? Promise.reject(new Error('disk full (injected)'))
          : put(key, data, contentType),
      );
    const page = await uploadPhoto(browser, stack, await fixture('rocket.jpg'), {
      description: 'Unlucky',
    });
    expect(calls).toBe(3); // written side by side; the two that landed are removed
    expect(page.status).toBe(500);
    expect(page.body).toContain('Something went wrong on our side.');
    expect(page.body).not.toContain('disk full');
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it('removes all three written files when the row cannot be inserted', async () => {
    const insert = jest
      .spyOn(stack.primary.app.get(PhotosRepository), 'insert')
      .mockRejectedValue(new Error('connection lost (injected)'));
    const page = await uploadPhoto(browser, stack, await fixture('rocket.jpg'));
    expect(insert).toHaveBeenCalledTimes(1);
    expect(page.status).toBe(500);
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it('still deletes a photo whose files cannot be removed (the failure is only logged)', async () => {
    expect((await uploadPhoto(browser, stack, await fixture('rocket.jpg'))).status).toBe(303);
    const [id] = photoIdsOn((await browser.get(`${stack.baseUrl}/myphotos`)).body);
    jest
      .spyOn(stack.primary.app.get(PhotoStorage), 'delete')
      .mockRejectedValue(new Error('EACCES (injected)'));
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const confirm = await browser.submit(page, new RegExp(`/myphotos/${id}/delete$`));
    const answer = await browser.submit(
      confirm,
      new RegExp(`/myphotos/${id}/delete$`),
      {},
      { follow: false },
    );
    expect(answer.status).toBe(303);
    expect(await photoRowCount(stack)).toBe(0);
    expect(await storedFiles(stack)).toHaveLength(3); // left for the orphan sweeper
    jest.restoreAllMocks();
    expect(
      (await stack.primary.app.get(OrphanFileSweeper).sweep(Date.now() + 11 * 60_000)).deleted,
    ).toBe(3);
    expect(await storedFiles(stack)).toEqual([]);
  });

  it('sweeps orphaned files at start, in the background, but not young ones, undated ones nor those with a row', async () => {
    expect((await uploadPhoto(browser, stack, await fixture('rocket.jpg'))).status).toBe(303);
    const [row] = await sql<{ owner_sub: string }>(stack, 'SELECT owner_sub FROM photos');
    const root = join(stack.env.DATA_DIR, 'photos');
    const orphan = (id: string) => photoKey(row.owner_sub, id, 'original', 'image/jpeg');
    const old = orphan(newPhotoId(Date.now() - 60 * 60_000));
    const young = orphan(newPhotoId(Date.now() - 60_000));
    const foreignOld = orphan('0b8e2a52-58a5-4d5b-9c41-2f1a0f0e9d11'); // not a UUIDv7: undated, kept
    const unrelated = 'notes/keep-me.txt';
    for (const key of [old, young, foreignOld, unrelated]) {
      await mkdir(dirname(join(root, key)), { recursive: true });
      await writeFile(join(root, key), 'orphan');
    }
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    await utimes(join(root, foreignOld), hourAgo, hourAgo);
    const before = await storedFiles(stack);

    const restarted = await stack.restartPrimary();
    const report = await restarted.app.get(OrphanFileSweeper).whenIdle();

    expect(report).toMatchObject({ deleted: 1 });
    const after = await storedFiles(stack);
    expect(after.sort()).toEqual(before.filter((key) => key !== old).sort());
    // An old file whose id carries no date is never guessed at, however old its mtime.
    expect(after).toEqual(expect.arrayContaining([young, foreignOld, unrelated]));
    expect(await photoRowCount(stack)).toBe(1);
    const page = await browser.get(`${stack.baseUrl}/myphotos`);
    const [id] = photoIdsOn(page.body);
    expect((await browser.get(`${stack.baseUrl}/photos/${id}`)).status).toBe(200);
  });
});
