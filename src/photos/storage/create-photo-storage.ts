import { LocalDiskPhotoStorage } from './local-disk-photo-storage';
import type { PhotoStorage } from './photo-storage';
import { S3PhotoStorage, type S3PhotoStorageOptions } from './s3-photo-storage';

export interface PhotoStorageConfig {
  /** PHOTO_STORAGE */
  driver: 'local' | 's3';
  /** `DATA_DIR/photos`; used by the local driver. */
  localDir: string;
  /** Required when driver is 's3'. */
  s3?: S3PhotoStorageOptions;
}

export function createPhotoStorage(config: PhotoStorageConfig): PhotoStorage {
  switch (config.driver) {
    case 'local':
      return new LocalDiskPhotoStorage(config.localDir);
    case 's3':
      if (config.s3 === undefined) {
        throw new Error('Photo storage "s3" needs S3 settings (S3_BUCKET, S3_REGION)');
      }
      return new S3PhotoStorage(config.s3);
  }
}
