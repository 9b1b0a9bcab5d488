import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SHARE_PASSWORD_LENGTH, MIN_SHARE_PASSWORD_LENGTH } from '../share-rules';
import type { OwnedShare } from '../shares.service';

/** The `share` of the API. */
export class ShareDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'BASE_URL/s/TOKEN: whoever has it sees what it shows. null only if it was made before a SESSION_SECRET rotation that dropped the secret it was sealed with',
    example: 'https://photos.example.com/s/3q2-7wZ0sVQp1X0mF8bJcW9nH2kLr5tYu6vA4eD1gC8',
  })
  url!: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Present for a link to one photo' })
  photoId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Present for a link to an album' })
  albumId?: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: never' })
  expiresAt!: string | null;

  @ApiProperty({ description: 'Whether visitors may download the originals (with their metadata)' })
  allowDownload!: boolean;

  @ApiProperty()
  hasPassword!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Times its page was shown (no visitor is recorded)', example: 3 })
  views!: number;

  static from(share: OwnedShare, baseUrl: string): ShareDto {
    return {
      id: share.id,
      url: share.token === undefined ? null : `${baseUrl}/s/${share.token}`,
      ...(share.photoId !== null ? { photoId: share.photoId } : { albumId: share.albumId! }),
      expiresAt: share.expiresAt?.toISOString() ?? null,
      allowDownload: share.allowDownload,
      hasPassword: share.hasPassword,
      createdAt: share.createdAt.toISOString(),
      views: share.views,
    };
  }
}

export class ShareListDto {
  @ApiProperty({ type: [ShareDto], description: 'Your live links, newest first' })
  items!: ShareDto[];
}

/** POST /api/shares: exactly one of photoId and albumId. */
export class CreateShareDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One of your photos' })
  photoId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One of your albums' })
  albumId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'In the future; absent: never expires' })
  expiresAt?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Let visitors download the originals, which keep their location data',
  })
  allowDownload?: boolean;

  @ApiPropertyOptional({
    minLength: MIN_SHARE_PASSWORD_LENGTH,
    maxLength: MAX_SHARE_PASSWORD_LENGTH,
    description: 'Visitors must give it before they see anything',
  })
  password?: string;
}
