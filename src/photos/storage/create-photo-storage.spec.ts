import { createPhotoStorage } from './create-photo-storage';
import { LocalDiskPhotoStorage } from './local-disk-photo-storage';
import { S3PhotoStorage } from './s3-photo-storage';

describe('createPhotoStorage', () => {
  it('local → LocalDiskPhotoStorage', () => {
    expect(createPhotoStorage({ driver: 'local', localDir: '/tmp/x' })).toBeInstanceOf(
      LocalDiskPhotoStorage,
    );
  });

  it('s3 → S3PhotoStorage, which presigns only when asked', async () => {
    const s3 = { bucket: 'b', region: 'eu-west-1', presign: false };
    const storage = createPhotoStorage({ driver: 's3', localDir: '/tmp/x', s3 });
    expect(storage).toBeInstanceOf(S3PhotoStorage);
    await expect(storage.presignedUrl('a/b.jpg', 60)).resolves.toBeUndefined();
    (storage as S3PhotoStorage).onModuleDestroy();
  });

  it('s3 without S3 settings is a configuration error', () => {
    expect(() => createPhotoStorage({ driver: 's3', localDir: '/tmp/x' })).toThrow(/S3_BUCKET/);
  });
});
