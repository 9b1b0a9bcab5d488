import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import cookieParser from 'cookie-parser';
import { AuthModule } from '../auth/auth.module';
import { PhotosModule } from '../photos/photos.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { SharesApiController } from './api/shares-api.controller';
import { ShareExceptionFilter } from './http/share-exception.filter';
import { shareHeaders } from './http/share-headers';
import { SharePages } from './pages/share-pages';
import { SharesPageController } from './pages/shares-page.controller';
import { SharedLinkController } from './public/shared-link.controller';
import { ShareLinkEntity } from './share-link.entity';
import { ShareHashingQueue } from './share-hashing-queue';
import { ShareSecrets } from './share-secrets';
import { SharedLinks } from './shared-links.service';
import { SharesRepository } from './shares.repository';
import { SharesService } from './shares.service';
import { UnlockAttempts } from './unlock-attempts';

/**
 * Share links to one photo or one album: the owner's pages and API, and the public /s/ pages
 * that show exactly what a link names to whoever holds it.
 */
@Module({
  imports: [AuthModule, PhotosModule, RateLimitModule, TypeOrmModule.forFeature([ShareLinkEntity])],
  controllers: [SharesPageController, SharesApiController, SharedLinkController],
  providers: [
    SharesRepository,
    SharesService,
    SharedLinks,
    ShareSecrets,
    UnlockAttempts,
    // One line per instance for every link password hashed (its bounds: share-hashing-queue.ts).
    { provide: ShareHashingQueue, useFactory: () => new ShareHashingQueue() },
    SharePages,
    // This module's errors in HTTP, app-wide (as PhotosModule registers its own).
    { provide: APP_FILTER, useClass: ShareExceptionFilter },
  ],
})
export class SharesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Every /s/ answer, errors and unknown sub-paths included; the unlock cookie is read there only.
    consumer
      .apply(shareHeaders, cookieParser())
      .forRoutes({ path: 's/*path', method: RequestMethod.ALL });
  }
}
