import { Module } from '@nestjs/common';
import { PhotosConfig, UploadIntakeConfig } from '../../config/config-slices';
import { SpoolBudget } from './spool-budget';
import { maxBodyBytes } from './upload-budget';
import { UploadIntakeInterceptor } from './upload-intake.interceptor';
import { UploadSlots } from './upload-slots';
import { UploadSpool } from './upload-spool';

/**
 * The bounds on upload bodies in flight: slots, the stall watchdog, the disk spool and its byte
 * budget. Its own
 * module so that PhotosModule's multer options (MulterModule.registerAsync) can use the spool.
 */
@Module({
  providers: [
    {
      provide: UploadSlots,
      inject: [UploadIntakeConfig],
      useFactory: (intake: UploadIntakeConfig) => new UploadSlots(intake),
    },
    {
      provide: UploadSpool,
      inject: [UploadIntakeConfig],
      useFactory: (intake: UploadIntakeConfig) => UploadSpool.open(intake.spoolDir),
    },
    {
      provide: SpoolBudget,
      inject: [UploadIntakeConfig, PhotosConfig],
      useFactory: (intake: UploadIntakeConfig, photos: PhotosConfig) =>
        new SpoolBudget({
          maxBytes: intake.spoolMaxBytes,
          // By default one upload form's largest body: a user's uploads in progress together
          // hold no more of the spool than one full batch.
          maxBytesPerUser:
            intake.spoolMaxBytesPerUser ??
            Math.min(
              intake.spoolMaxBytes,
              maxBodyBytes({
                maxFiles: photos.maxUploadFiles,
                maxBytesPerFile: photos.maxUploadBytes,
              }),
            ),
        }),
    },
    UploadIntakeInterceptor,
  ],
  exports: [UploadSlots, UploadSpool, SpoolBudget, UploadIntakeInterceptor],
})
export class UploadIntakeModule {}
