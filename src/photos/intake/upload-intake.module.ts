import { Module } from '@nestjs/common';
import { UploadIntakeConfig } from '../../config/config-slices';
import { UploadIntakeInterceptor } from './upload-intake.interceptor';
import { UploadSlots } from './upload-slots';
import { UploadSpool } from './upload-spool';

/**
 * The bounds on upload bodies in flight: slots, the stall watchdog and the disk spool. Its own
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
    UploadIntakeInterceptor,
  ],
  exports: [UploadSlots, UploadSpool, UploadIntakeInterceptor],
})
export class UploadIntakeModule {}
