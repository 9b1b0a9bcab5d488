import { Module } from '@nestjs/common';
import { AlbumsModule } from '../albums/albums.module';
import { AuthModule } from '../auth/auth.module';
import { PhotosModule } from '../photos/photos.module';
import { SearchPageController } from './search-page.controller';
import { SearchPage } from './search-page';

/** The search page: photos and albums of the signed-in person, by words and dates. */
@Module({
  imports: [AuthModule, PhotosModule, AlbumsModule],
  controllers: [SearchPageController],
  providers: [SearchPage],
})
export class SearchModule {}
