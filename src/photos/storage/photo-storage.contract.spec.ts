import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { LocalDiskPhotoStorage } from './local-disk-photo-storage';
import { type PhotoStorage, StoredObjectNotFoundError } from './photo-storage';
import { S3PhotoStorage } from './s3-photo-storage';
import { InvalidStorageKeyError } from './storage-key';
import { S3rverProcess } from '../../../test/support/s3rver';

/** One way of making a fresh, empty storage per test, and of cleaning up after the suite. */
interface Driver {
  name: string;
  presigns: boolean;
  beforeAll(): Promise<void>;
  fresh(): Promise<PhotoStorage>;
  afterAll(): Promise<void>;
}

function localDriver(): Driver {
  let root = '';
  return {
    name: 'LocalDiskPhotoStorage',
    presigns: false,
    beforeAll: async () => {
      root = await mkdtemp(join(tmpdir(), 'photo-storage-'));
    },
    fresh: () => Promise.resolve(new LocalDiskPhotoStorage(join(root, randomUUID()))),
    afterAll: () => rm(root, { recursive: true, force: true }),
  };
}

function s3Driver(): Driver {
  let server: S3rverProcess;
  let client: S3Client;
  return {
    name: 'S3PhotoStorage (s3rver)',
    presigns: true,
    beforeAll: async () => {
      server = await S3rverProcess.start();
      client = new S3Client({
        region: 'us-east-1',
        endpoint: server.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
    },
    // A new bucket per test; a page size of 2 makes every listing below span several pages.
    fresh: async () => {
      const bucket = `photos-test-${randomUUID()}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      const options = { bucket, region: 'us-east-1', presign: true, pageSize: 2 };
      return new S3PhotoStorage(options, client);
    },
    afterAll: async () => {
      client?.destroy();
      await server?.stop();
    },
  };
}

const JPEG = 'image/jpeg';
const bytes = (text: string) => Buffer.from(text, 'utf8');

async function listAll(storage: PhotoStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of storage.listKeys()) keys.push(key);
  return keys.sort();
}

describe.each([localDriver(), s3Driver()])('PhotoStorage contract: $name', (driver) => {
  let storage: PhotoStorage;

  beforeAll(() => driver.beforeAll(), 30_000);
  afterAll(() => driver.afterAll(), 30_000);
  beforeEach(async () => {
    storage = await driver.fresh();
  });

  it('round-trips bytes, content type and size', async () => {
    const data = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02, 0xfe]);
    await storage.put('owner/abc-123/original.jpg', data, JPEG);
    await storage.put('owner/abc-123/thumbnail.png', bytes('png!'), 'image/png');

    const jpeg = await storage.get('owner/abc-123/original.jpg');
    expect([jpeg.contentType, jpeg.sizeBytes]).toEqual([JPEG, data.length]);
    expect(await buffer(jpeg.body)).toEqual(data);
    const png = await storage.get('owner/abc-123/thumbnail.png');
    expect([png.contentType, png.sizeBytes]).toEqual(['image/png', 4]);
    expect((await buffer(png.body)).toString()).toBe('png!');
  });

  it('get of a missing key throws StoredObjectNotFoundError', async () => {
    await expect(storage.get('owner/nothing/original.jpg')).rejects.toBeInstanceOf(
      StoredObjectNotFoundError,
    );
    await storage.put('owner/one/original.jpg', bytes('x'), JPEG);
    await expect(storage.get('owner/one')).rejects.toBeInstanceOf(StoredObjectNotFoundError);
  });

  it('overwrites', async () => {
    await storage.put('a/b/original.jpg', bytes('first version'), JPEG);
    await storage.put('a/b/original.jpg', bytes('second'), JPEG);
    const object = await storage.get('a/b/original.jpg');
    expect(object.sizeBytes).toBe(6);
    expect((await buffer(object.body)).toString()).toBe('second');
    expect(await listAll(storage)).toEqual(['a/b/original.jpg']);
  });

  it('deletes, idempotently', async () => {
    await storage.put('a/b/original.jpg', bytes('x'), JPEG);
    await storage.delete('a/b/original.jpg');
    await expect(storage.get('a/b/original.jpg')).rejects.toBeInstanceOf(StoredObjectNotFoundError);
    await expect(storage.delete('a/b/original.jpg')).resolves.toBeUndefined();
    await expect(storage.delete('never/stored/at-all.jpg')).resolves.toBeUndefined();
  });

  it('lists every key put and none deleted, across pages', async () => {
    expect(await listAll(storage)).toEqual([]);
    const keys = ['u1/p1/original.jpg', 'u1/p1/thumbnail.jpg', 'u1/p2/original.jpg', 'u2/p3/x.jpg'];
    for (const key of [...keys, 'u2/p4/gone.jpg']) await storage.put(key, bytes(key), JPEG);
    await storage.delete('u2/p4/gone.jpg');
    expect(await listAll(storage)).toEqual(keys);
  });

  it.each([
    '../escape.jpg',
    'a/../../escape.jpg',
    '/etc/passwd.jpg',
    'a\\..\\b.jpg',
    'a\0.jpg',
    '',
    'a//b.jpg',
    './a.jpg',
    '.hidden.jpg',
    'a b.jpg',
  ])('refuses the unsafe key %j in every method', async (key) => {
    await expect(storage.put(key, bytes('x'), JPEG)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.presignedUrl(key, 60)).rejects.toBeInstanceOf(InvalidStorageKeyError);
  });

  it("refuses a content type that the key's extension does not name", async () => {
    await expect(storage.put('a/b/original.jpg', bytes('x'), 'image/png')).rejects.toBeInstanceOf(
      InvalidStorageKeyError,
    );
    await expect(storage.put('a/b/page.html', bytes('x'), 'text/html')).rejects.toBeInstanceOf(
      InvalidStorageKeyError,
    );
    expect(await listAll(storage)).toEqual([]);
  });

  if (driver.presigns) {
    it('presigns a GET that fetch() can follow, for the requested lifetime', async () => {
      await storage.put('a/b/original.jpg', bytes('signed bytes'), JPEG);
      const url = new URL((await storage.presignedUrl('a/b/original.jpg', 120))!);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('120');

      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(JPEG);
      expect(response.headers.get('cache-control')).toBe('private');
      expect(await response.text()).toBe('signed bytes');
    });

    it('presigned URLs expire', async () => {
      await storage.put('a/b/original.jpg', bytes('x'), JPEG);
      const url = (await storage.presignedUrl('a/b/original.jpg', 1))!;
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await fetch(url)).status).toBe(403);
    });
  } else {
    it('presignedUrl is undefined: the app streams', async () => {
      await storage.put('a/b/original.jpg', bytes('x'), JPEG);
      await expect(storage.presignedUrl('a/b/original.jpg', 60)).resolves.toBeUndefined();
    });
  }
});
