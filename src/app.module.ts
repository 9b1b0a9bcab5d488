import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { DestinationStream } from 'pino';
import { AlbumsModule } from './albums/albums.module';
import { AuthModule } from './auth/auth.module';
import { signInThrottler } from './auth/sign-in-rate-limit';
import { Clock } from './common/clock';
import { ClockModule } from './common/clock.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { LoggingModule } from './common/logging.module';
import { AppConfig } from './config/app-config';
import { RateLimitConfig } from './config/config-slices';
import { ConfigSlicesModule } from './config/config-slices.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { PagesModule } from './pages/pages.module';
import { PhotosModule } from './photos/photos.module';
import { GENERAL_THROTTLER, ThrottlerStorageRouter } from './rate-limit/throttler-storage-router';
import { PhotosThrottlerGuard } from './rate-limit/photos-throttler.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SearchModule } from './search/search.module';
import { SharesModule } from './shares/shares.module';
import { ShutdownModule } from './shutdown/shutdown.module';

/** Wires the feature modules together; nothing else. */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    logDestination?: DestinationStream,
    clock?: Clock,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigSlicesModule.forRoot(config),
        ClockModule.forRoot(clock),
        LoggingModule.forRoot(config, logDestination),
        ThrottlerModule.forRootAsync({
          imports: [RateLimitModule],
          inject: [ThrottlerStorageRouter, RateLimitConfig],
          useFactory: (storage: ThrottlerStorageRouter, limits: RateLimitConfig) => ({
            storage,
            throttlers: [
              { name: GENERAL_THROTTLER, ttl: 60_000, limit: limits.perMinute },
              signInThrottler(limits.signInPerMinute),
            ],
          }),
        }),
        DatabaseModule,
        AuthModule,
        PagesModule,
        PhotosModule,
        AlbumsModule,
        SharesModule,
        SearchModule,
        HealthModule,
        ShutdownModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: PhotosThrottlerGuard },
        // The catch-all. Nest tries the app-wide filters last-registered first, and the root
        // module's providers are registered before its imports', so each module's own filter
        // (e.g. AuthModule's AuthExceptionFilter) sees its errors before this one.
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
