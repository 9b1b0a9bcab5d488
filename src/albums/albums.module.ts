import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AlbumEntity } from './album.entity';
import { AlbumsRepository } from './albums.repository';
import { AlbumsService } from './albums.service';
import { AlbumsApiController } from './api/albums-api.controller';
import { AlbumExceptionFilter } from './http/album-exception.filter';
import { AlbumPages } from './pages/album-pages';
import { AlbumsPageController } from './pages/albums-page.controller';

/** Albums of an owner's own photos: pages for people, a JSON API for token holders. */
@Module({
  imports: [AuthModule, RateLimitModule, TypeOrmModule.forFeature([AlbumEntity])],
  controllers: [AlbumsPageController, AlbumsApiController],
  providers: [
    AlbumsRepository,
    AlbumsService,
    AlbumPages,
    // This module's errors in HTTP, app-wide (as PhotosModule registers its own).
    { provide: APP_FILTER, useClass: AlbumExceptionFilter },
  ],
  exports: [AlbumsService],
})
export class AlbumsModule {}
