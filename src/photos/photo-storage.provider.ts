import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { createPhotoStorage, PhotoStorage } from './storage';
import { FILE_AGE_SOURCE, localFileAge, unknownFileAge } from './sweeper/file-age';

type Config = ConfigService<AppConfig, true>;

/** PHOTO_STORAGE picks the driver; on S3 photos are served by redirecting to presigned URLs. */
export const photoStorageProvider: Provider = {
  provide: PhotoStorage,
  inject: [ConfigService],
  useFactory: (config: Config): PhotoStorage => {
    const photos = config.get('photos', { infer: true });
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
  inject: [ConfigService],
  useFactory: (config: Config) => {
    const photos = config.get('photos', { infer: true });
    return photos.storage === 'local' ? localFileAge(photos.localDir) : unknownFileAge;
  },
};
