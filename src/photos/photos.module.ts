import { Module, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { ImagePipelineConfig, PhotosConfig } from '../config/config-slices';
import { ListingAnswers } from './api/listing-answers';
import { PhotosApiController } from './api/photos-api.controller';
import { PhotoErrorsInterceptor } from './http/photo-errors.interceptor';
import { PhotoExceptionFilter } from './http/photo-exception.filter';
import { uploadMulterOptions } from './http/upload-multer-options';
import { UploadSizeGuard } from './http/upload-size.guard';
import { ImageProcessor, ImageQueue } from './image';
import { UploadIntakeModule } from './intake/upload-intake.module';
import { UploadSpool } from './intake/upload-spool';
import { ListingChangeListener } from './listing-cache/listing-change-listener';
import { PhotoListingCache } from './listing-cache/photo-listing-cache';
import { GridCards } from './pages/grid-cards';
import { MyPhotosPage } from './pages/my-photos-page';
import { PhotoPages } from './pages/photo-page';
import { PageUploadAdmission } from './pages/page-upload-admission.interceptor';
import { PhotosPageController } from './pages/photos-page.controller';
import { UploadAdmitted } from './intake/upload-admitted.interceptor';
import { PhotoEntity } from './photo.entity';
import { PhotoArchive } from './photo-archive';
import { PhotoFiles } from './photo-files';
import { photoStorageProvider } from './photo-storage.provider';
import { PhotosRepository } from './photos.repository';
import { PhotosService } from './photos.service';
import { OrphanFileSweeper } from './sweeper/orphan-file-sweeper';

/** IMAGE_CONCURRENCY pipelines at once; an upload waits IMAGE_QUEUE_TIMEOUT_SECONDS at most. */
const imageQueueProvider: Provider = {
  provide: ImageQueue,
  inject: [ImagePipelineConfig],
  useFactory: (images: ImagePipelineConfig) =>
    new ImageQueue({
      concurrency: images.concurrency,
      maxWaitMs: images.queueTimeoutSeconds * 1000,
    }),
};

/** PHOTO_LIST_CACHE_SECONDS at most; writes drop an owner's pages at once (see the cache). */
const listingCacheProvider: Provider = {
  provide: PhotoListingCache,
  inject: [PhotosConfig],
  useFactory: (photos: PhotosConfig) =>
    new PhotoListingCache({ ttlSeconds: photos.listCacheSeconds }),
};

/** Upload, list, serve and delete photos: pages for people, a JSON API for token holders. */
@Module({
  imports: [
    AuthModule,
    RateLimitModule,
    TypeOrmModule.forFeature([PhotoEntity]),
    UploadIntakeModule,
    // Every FileInterceptor in this module reads its limits from here, i.e. from the config, and
    // spools to the intake's private directory.
    MulterModule.registerAsync({
      imports: [UploadIntakeModule],
      inject: [PhotosConfig, UploadSpool],
      useFactory: (photos: PhotosConfig, spool: UploadSpool) => {
        const oneFile = { maxFiles: 1, maxBytesPerFile: photos.maxUploadBytes };
        return uploadMulterOptions(oneFile, spool.storage(oneFile));
      },
    }),
  ],
  controllers: [PhotosPageController, PhotosApiController],
  providers: [
    imageQueueProvider,
    listingCacheProvider,
    ListingChangeListener,
    ListingAnswers,
    ImageProcessor,
    photoStorageProvider,
    PhotosRepository,
    PhotosService,
    PhotoArchive,
    PhotoFiles,
    OrphanFileSweeper,
    GridCards,
    MyPhotosPage,
    PhotoPages,
    PhotoErrorsInterceptor,
    PageUploadAdmission,
    UploadAdmitted,
    UploadSizeGuard,
    // This module's errors in HTTP, app-wide (as AuthModule registers its own).
    { provide: APP_FILTER, useClass: PhotoExceptionFilter },
  ],
  // For albums/, shares/ and search/: photos/ itself imports none of them.
  exports: [PhotoFiles, GridCards],
})
export class PhotosModule {}
