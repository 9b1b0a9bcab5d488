import type { Provider } from '@nestjs/common';
import { PhotosConfig } from '../config/config-slices';
import { createPhotoStorage, PhotoStorage } from './storage';
import { FILE_AGE_SOURCE, localFileAge, unknownFileAge } from './sweeper/file-age';

/** PHOTO_STORAGE picks the driver; on S3 photos are served by redirecting to presigned URLs. */
export const photoStorageProvider: Provider = {
  provide: PhotoStorage,
  inject: [PhotosConfig],
  useFactory: (photos: PhotosConfig): PhotoStorage => {
    return createPhotoStorage({
      driver: photos.storage,
      localDir: photos.localDir,
      s3: photos.s3 && { ...photos.s3, presign: true },
    });
  },
};

/** Only the local disk can say when a file was written; see OrphanFileSweeper. */
export const fileAgeProvider: Provider = {
  provide: FILE_AGE_SOURCE,
  inject: [PhotosConfig],
  useFactory: (photos: PhotosConfig) => {
    return photos.storage === 'local' ? localFileAge(photos.localDir) : unknownFileAge;
  },
};
