import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { PhotosConfig } from '../config/config-slices';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { PhotosApiController } from './api/photos-api.controller';
import { PhotoErrorsInterceptor } from './http/photo-errors.interceptor';
import { uploadMulterOptions } from './http/upload-multer-options';
import { UploadSizeGuard } from './http/upload-size.guard';
import { ImageProcessor } from './image';
import { MyPhotosPage } from './pages/my-photos-page';
import { PhotosPageController } from './pages/photos-page.controller';
import { PhotoEntity } from './photo.entity';
import { fileAgeProvider, photoStorageProvider } from './photo-storage.provider';
import { PhotosRepository } from './photos.repository';
import { PhotosService } from './photos.service';
import { OrphanFileSweeper } from './sweeper/orphan-file-sweeper';

/** Upload, list, serve and delete photos: pages for people, a JSON API for token holders. */
@Module({
  imports: [
    AuthModule,
    RateLimitModule,
    TypeOrmModule.forFeature([PhotoEntity]),
    // Every FileInterceptor in this module reads its limits from here, i.e. from the config.
    MulterModule.registerAsync({
      inject: [PhotosConfig],
      useFactory: (photos: PhotosConfig) => uploadMulterOptions(photos.maxUploadBytes),
    }),
  ],
  controllers: [PhotosPageController, PhotosApiController],
  providers: [
    ImageProcessor,
    photoStorageProvider,
    fileAgeProvider,
    PhotosRepository,
    PhotosService,
    OrphanFileSweeper,
    MyPhotosPage,
    PhotoErrorsInterceptor,
    UploadSizeGuard,
  ],
  exports: [PhotosService],
})
export class PhotosModule {}
