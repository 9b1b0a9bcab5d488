import type { Provider } from '@nestjs/common';
import { PhotosConfig } from '../config/config-slices';
import { createPhotoStorage, PhotoStorage } from './storage';

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
