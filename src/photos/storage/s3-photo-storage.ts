import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { OnModuleDestroy } from '@nestjs/common';
import { Readable } from 'node:stream';
import { PhotoStorage, type StoredObject, StoredObjectNotFoundError } from './photo-storage';
import { assertSafeStorageKey, assertWritableKey } from './storage-key';

export interface S3PhotoStorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible stores (MinIO, s3rver, …); unset for AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Unset: the SDK's default chain (environment, instance/task role, …), as on AWS. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** true: serve photos by redirecting to presigned URLs; false: the app streams them. */
  presign: boolean;
  /** Keys per ListObjectsV2 page; S3's default and maximum is 1000 (tests use a small one). */
  pageSize?: number;
}

const isNotFound = (error: unknown): boolean =>
  error instanceof S3ServiceException &&
  (error.name === 'NoSuchKey' ||
    error.name === 'NotFound' ||
    error.$metadata.httpStatusCode === 404);

/**
 * Photo files in an S3 bucket. The SDK's defaults (including its CRC32 flexible checksums) are
 * kept: s3rver and S3 accept them, so no `requestChecksumCalculation` override is needed.
 */
export class S3PhotoStorage extends PhotoStorage implements OnModuleDestroy {
  private readonly client: S3Client;
  private readonly ownsClient: boolean;

  /** `client` may be injected (tests point one at s3rver); otherwise one is built from options. */
  constructor(
    private readonly options: S3PhotoStorageOptions,
    client?: S3Client,
  ) {
    super();
    this.ownsClient = client === undefined;
    this.client =
      client ??
      new S3Client({
        region: options.region,
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle,
        credentials: options.credentials,
      });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    assertWritableKey(key, contentType);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: data,
        ContentType: contentType,
        // Photos are personal: no shared cache may keep a copy of a presigned response.
        CacheControl: 'private',
      }),
    );
  }

  async get(key: string): Promise<StoredObject> {
    assertSafeStorageKey(key);
    const output = await this.client
      .send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }))
      .catch((error: unknown) => {
        throw isNotFound(error) ? new StoredObjectNotFoundError(key) : error;
      });
    // On Node.js the SDK's body is an http.IncomingMessage; anything else is a misconfiguration.
    if (!(output.Body instanceof Readable)) throw new Error('S3 returned no Node.js stream body');
    return {
      body: output.Body,
      contentType: output.ContentType ?? 'application/octet-stream',
      sizeBytes: output.ContentLength ?? 0,
    };
  }

  async delete(key: string): Promise<void> {
    assertSafeStorageKey(key);
    // S3's DeleteObject already succeeds for a missing key.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async *listKeys(): AsyncIterable<string> {
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: this.options.pageSize },
      { Bucket: this.options.bucket },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    }
  }

  async presignedUrl(key: string, expiresInSeconds: number): Promise<string | undefined> {
    assertSafeStorageKey(key);
    if (!this.options.presign) return undefined;
    const command = new GetObjectCommand({ Bucket: this.options.bucket, Key: key });
    return getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
  }

  /** Closes the keep-alive sockets of a client we built (an injected one belongs to its owner). */
  onModuleDestroy(): void {
    if (this.ownsClient) this.client.destroy();
  }
}
