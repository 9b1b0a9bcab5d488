import { ApiProperty } from '@nestjs/swagger';
import type { AddPhotosOutcome, Album } from '../album';
import { MAX_ALBUM_ADD_IDS, MAX_ALBUM_NAME_LENGTH } from '../album-rules';

/** The `album` of the API. */
export class AlbumDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_ALBUM_NAME_LENGTH, example: 'Summer 2024' })
  name!: string;

  @ApiProperty({ example: 12 })
  photoCount!: number;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The newest-taken photo of the album; null when it is empty',
  })
  coverPhotoId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Last rename, or photo added or removed' })
  updatedAt!: string;

  static from(album: Album): AlbumDto {
    return {
      id: album.id,
      name: album.name,
      photoCount: album.photoCount,
      coverPhotoId: album.coverPhotoId,
      createdAt: album.createdAt.toISOString(),
      updatedAt: album.updatedAt.toISOString(),
    };
  }
}

export class AlbumListDto {
  @ApiProperty({ type: [AlbumDto], description: 'Newest first' })
  items!: AlbumDto[];
}

/** POST /api/albums and PATCH /api/albums/:id. */
export class AlbumNameDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_ALBUM_NAME_LENGTH,
    description: 'Trimmed; 1 to 200 characters',
    example: 'Summer 2024',
  })
  name!: string;
}

/** POST /api/albums/:id/photos. */
export class AddPhotosDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_ALBUM_ADD_IDS,
    description: 'Ids of your photos',
  })
  ids!: string[];
}

export class AddPhotosResultDto implements AddPhotosOutcome {
  @ApiProperty({ type: [String], description: 'Added now' })
  added!: string[];

  @ApiProperty({ type: [String], description: 'Were in the album already' })
  alreadyIn!: string[];

  @ApiProperty({
    type: [String],
    description: 'No photo of yours (missing, or someone else’s): nothing was changed for them',
  })
  notFound!: string[];
}
