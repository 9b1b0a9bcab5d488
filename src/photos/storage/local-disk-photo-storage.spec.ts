import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { LocalDiskPhotoStorage } from './local-disk-photo-storage';
import { InvalidStorageKeyError } from './storage-key';

/** Every file and directory under `dir`, dotfiles included, as '/'-separated relative paths. */
const tree = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true })).map((p) => p.split('\\').join('/')).sort();

// Behaviour only the local driver has; the shared behaviour is in photo-storage.contract.spec.ts.
describe('LocalDiskPhotoStorage', () => {
  let sandbox: string;
  let root: string;
  let storage: LocalDiskPhotoStorage;

  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'local-photos-'));
    root = join(sandbox, 'photos');
    storage = new LocalDiskPhotoStorage(root);
  });
  afterEach(() => rm(sandbox, { recursive: true, force: true }));

  it('writes each key to its own file under the root, leaving no temporary file', async () => {
    await storage.put('owner/p1/original.jpg', Buffer.from('jpeg'), 'image/jpeg');
    await storage.put('owner/p1/original.jpg', Buffer.from('jpeg 2'), 'image/jpeg');
    await storage.put('owner/p1/thumbnail.webp', Buffer.from('webp'), 'image/webp');

    expect(await tree(root)).toEqual([
      'owner',
      'owner/p1',
      'owner/p1/original.jpg',
      'owner/p1/thumbnail.webp',
    ]);
    expect(await readFile(join(root, 'owner/p1/original.jpg'), 'utf8')).toBe('jpeg 2');
    const thumbnail = await storage.get('owner/p1/thumbnail.webp');
    thumbnail.body.destroy(); // closes its file handle (left to the GC, Node warns: DEP0137)
    expect(thumbnail.contentType).toBe('image/webp');
  });

  it('a failed put leaves neither a temporary file nor a partial target', async () => {
    await mkdir(join(root, 'owner/p1/original.jpg'), { recursive: true }); // rename will fail
    await expect(
      storage.put('owner/p1/original.jpg', Buffer.from('x'), 'image/jpeg'),
    ).rejects.toThrow();
    expect(await tree(root)).toEqual(['owner', 'owner/p1', 'owner/p1/original.jpg']);
  });

  it('never touches files outside the root', async () => {
    const outside = join(sandbox, 'outside.jpg');
    await writeFile(outside, 'keep me');
    for (const key of ['../outside.jpg', 'a/../../outside.jpg', outside]) {
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toBeInstanceOf(
        InvalidStorageKeyError,
      );
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
    expect(await readFile(outside, 'utf8')).toBe('keep me');
  });

  it('removes directories that deletes leave empty, and only those', async () => {
    await storage.put('owner/p1/original.jpg', Buffer.from('1'), 'image/jpeg');
    await storage.put('owner/p1/thumbnail.jpg', Buffer.from('1'), 'image/jpeg');
    await storage.put('owner/p2/original.jpg', Buffer.from('2'), 'image/jpeg');

    await storage.delete('owner/p1/original.jpg');
    await storage.delete('owner/p1/thumbnail.jpg');
    expect(await tree(root)).toEqual(['owner', 'owner/p2', 'owner/p2/original.jpg']);

    await storage.delete('owner/p2/original.jpg');
    expect(await tree(root)).toEqual([]);
    expect((await stat(root)).isDirectory()).toBe(true); // the root itself stays
  });

  it('lists nothing before the first put, and never lists temporary files', async () => {
    await expect(storage.listKeys()[Symbol.asyncIterator]().next()).resolves.toEqual({
      done: true,
      value: undefined,
    });
    await storage.put('owner/p1/original.jpg', Buffer.from('1'), 'image/jpeg');
    await writeFile(join(root, 'owner/p1/.original.jpg.1234.tmp'), 'left by a crash');

    const keys: string[] = [];
    for await (const key of storage.listKeys()) keys.push(key);
    expect(keys).toEqual(['owner/p1/original.jpg']);
  });

  it('a body already handed out stays readable when the photo is deleted meanwhile', async () => {
    await storage.put('owner/p1/original.jpg', Buffer.from('still here'), 'image/jpeg');
    const object = await storage.get('owner/p1/original.jpg');
    await storage.delete('owner/p1/original.jpg');
    expect((await buffer(object.body)).toString()).toBe('still here');
  });
});
