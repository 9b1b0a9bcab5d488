import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { Browser } from '../support/browser';
import { S3rverProcess } from '../support/s3rver';
import { SECOND, TestStack } from '../support/test-stack';
import { fixture, photoIdsOn, signedIn, storedFiles, uploadPhoto } from './photos-test-kit';

const BUCKET = 'photos-e2e';

/** The same build on S3 storage (an S3-compatible server on loopback): presigned redirects. */
describe('Photos on S3 storage', () => {
  let s3: S3rverProcess;
  let client: S3Client;
  let stack: TestStack;
  let owner: Browser;

  const objectKeys = async (): Promise<string[]> =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map(
      (o) => o.Key!,
    );

  beforeAll(async () => {
    s3 = await S3rverProcess.start();
    // The app's S3 client takes credentials from the standard AWS chain, here the environment.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    stack = await TestStack.start({
      env: {
        PHOTO_STORAGE: 's3',
        S3_BUCKET: BUCKET,
        S3_REGION: 'us-east-1',
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
      },
    });
    owner = await signedIn(stack);
  });

  afterAll(async () => {
    await stack?.close();
    client?.destroy();
    await s3?.stop();
  });

  it('stores the three files in the bucket, none on local disk, and serves the display copy by short-lived presigned URLs', async () => {
    const upload = await uploadPhoto(owner, stack, await fixture('coffee-phone.jpg'), {
      description: 'On S3',
    });
    expect(upload.status).toBe(303);
    const [id] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
    expect(await objectKeys()).toHaveLength(3);
    expect(await storedFiles(stack)).toEqual([]);

    const redirect = await owner.get(`${stack.baseUrl}/photos/${id}/image`, { follow: false });
    expect(redirect.status).toBe(302);
    const url = new URL(redirect.headers.get('location')!);
    expect(url.origin).toBe(new URL(s3.endpoint).origin);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    const image = await fetch(url);
    expect(image.status).toBe(200);
    const metadata = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([metadata.width, metadata.height, metadata.exif]).toEqual([1200, 1800, undefined]);

    // The page may show images from the bucket, and nothing else new.
    const csp = (await fetch(`${stack.baseUrl}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`img-src 'self' ${new URL(s3.endpoint).origin}`);
  });

  it('streams the original itself, byte for byte, as a download (never a presigned URL)', async () => {
    const [id] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
    const answer = await owner.get(`${stack.baseUrl}/photos/${id}/original`, { follow: false });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(answer.bytes.equals(await fixture('coffee-phone.jpg'))).toBe(true);
  });

  it('gives another user a 404, never a presigned URL', async () => {
    const [id] = photoIdsOn((await owner.get(`${stack.baseUrl}/myphotos`)).body);
    const stranger = await signedIn(stack, SECOND);
    const answer = await stranger.get(`${stack.baseUrl}/photos/${id}/thumbnail`, { follow: false });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('location')).toBeNull();
  });

  it('deletes the objects with the photo', async () => {
    const page = await owner.get(`${stack.baseUrl}/myphotos`);
    const [id] = photoIdsOn(page.body);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const deleted = await owner.request(`${stack.baseUrl}/myphotos/${id}/delete`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
      follow: false,
    });
    expect(deleted.status).toBe(303);
    expect(await objectKeys()).toEqual([]);
  });
});
