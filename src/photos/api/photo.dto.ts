import { ApiProperty, type SchemaObject } from '@nestjs/swagger';
import type { Photo } from '../photo';

export class PhotoUrlsDto {
  @ApiProperty({
    example: 'https://photos.example.com/api/photos/0190f3a2-7b1c-7d2e-8f30-123456789abc/original',
  })
  original!: string;

  @ApiProperty({
    example: 'https://photos.example.com/api/photos/0190f3a2-7b1c-7d2e-8f30-123456789abc/thumbnail',
  })
  thumbnail!: string;
}

/** The `photo` of the API (docs/ARCHITECTURE.md §5): what a client needs to show it and fetch its bytes. */
export class PhotoDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ maxLength: 2000, example: 'Morning coffee' })
  description!: string;

  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'image/webp'] })
  contentType!: string;

  @ApiProperty({ example: 1200 })
  width!: number;

  @ApiProperty({ example: 1800 })
  height!: number;

  @ApiProperty({ description: 'Size of the stored (normalised) image in bytes', example: 245_812 })
  sizeBytes!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: PhotoUrlsDto, description: 'Fetch with the same Bearer token' })
  urls!: PhotoUrlsDto;

  static from(photo: Photo, baseUrl: string): PhotoDto {
    const self = `${baseUrl}/api/photos/${photo.id}`;
    return {
      id: photo.id,
      description: photo.description,
      contentType: photo.contentType,
      width: photo.width,
      height: photo.height,
      sizeBytes: photo.sizeBytes,
      createdAt: photo.createdAt.toISOString(),
      urls: { original: `${self}/original`, thumbnail: `${self}/thumbnail` },
    };
  }
}

export class PhotoPageDto {
  @ApiProperty({ type: [PhotoDto] })
  items!: PhotoDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page',
  })
  nextCursor!: string | null;
}

/** The multipart body of POST /api/photos, for the OpenAPI document. */
export const UPLOAD_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['photo'],
  properties: {
    photo: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, GIF, AVIF or TIFF' },
    description: { type: 'string', maxLength: 2000 },
  },
};
