import { ApiProperty, type SchemaObject } from '@nestjs/swagger';
import type { PhotoApiFields } from '../photo';
import { downloadNameOf } from '../photo-file-name';
import type { BulkDeleteOutcome } from '../photos.service';
import {
  ACCEPTED_FORMATS_TEXT,
  API_PHOTO_FIELD,
  ACCEPTED_MEDIA_TYPES,
  MAX_ARCHIVE_IDS,
  MAX_BULK_DELETE_IDS,
  MAX_DESCRIPTION_LENGTH,
} from '../photo-rules';

export class PhotoUrlsDto {
  @ApiProperty({
    description: 'The file exactly as uploaded, as a download',
    example: 'https://photos.example.com/api/photos/0190f3a2-7b1c-7d2e-8f30-123456789abc/original',
  })
  original!: string;

  @ApiProperty({
    description: 'The display copy: at most 2048 px, upright, metadata stripped',
    example: 'https://photos.example.com/api/photos/0190f3a2-7b1c-7d2e-8f30-123456789abc/image',
  })
  image!: string;

  @ApiProperty({
    example: 'https://photos.example.com/api/photos/0190f3a2-7b1c-7d2e-8f30-123456789abc/thumbnail',
  })
  thumbnail!: string;
}

/** The uploaded file, kept byte for byte. */
export class PhotoOriginalDto {
  @ApiProperty({
    description: 'Detected from the bytes',
    enum: ACCEPTED_MEDIA_TYPES,
  })
  contentType!: string;

  @ApiProperty({ example: 3_481_204 })
  sizeBytes!: number;

  @ApiProperty({ description: 'Upright, as shown', example: 3024 })
  width!: number;

  @ApiProperty({ example: 4032 })
  height!: number;

  @ApiProperty({ description: 'The name it downloads under', example: 'IMG_2041.jpg' })
  fileName!: string;
}

/** The `photo` of the API (docs/ARCHITECTURE.md §5): what a client needs to show it and fetch its bytes. */
export class PhotoDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ maxLength: MAX_DESCRIPTION_LENGTH, example: 'Morning coffee' })
  description!: string;

  @ApiProperty({ enum: ['image/jpeg', 'image/png', 'image/webp'] })
  contentType!: string;

  @ApiProperty({ example: 1200 })
  width!: number;

  @ApiProperty({ example: 1800 })
  height!: number;

  @ApiProperty({ description: 'Size of the display copy in bytes', example: 245_812 })
  sizeBytes!: number;

  @ApiProperty({ format: 'date-time', description: 'When it was uploaded' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      "When it was taken (EXIF DateTimeOriginal), null when the file does not say. With the camera's offset (takenAtOffset) this is the exact instant; without one it is the camera's wall-clock time written as UTC",
    example: '2024-06-01T07:30:00.000Z',
  })
  takenAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The camera's UTC offset (EXIF OffsetTimeOriginal), null when unknown",
    example: '+02:00',
  })
  takenAtOffset!: string | null;

  @ApiProperty({ type: PhotoOriginalDto })
  original!: PhotoOriginalDto;

  @ApiProperty({ type: PhotoUrlsDto, description: 'Fetch with the same Bearer token' })
  urls!: PhotoUrlsDto;

  static from(photo: PhotoApiFields, baseUrl: string): PhotoDto {
    const self = `${baseUrl}/api/photos/${photo.id}`;
    return {
      id: photo.id,
      description: photo.description,
      contentType: photo.contentType,
      width: photo.width,
      height: photo.height,
      sizeBytes: photo.sizeBytes,
      createdAt: photo.createdAt.toISOString(),
      takenAt: photo.takenAt?.toISOString() ?? null,
      takenAtOffset: photo.takenAtOffset,
      original: {
        contentType: photo.originalContentType,
        sizeBytes: photo.originalSizeBytes,
        width: photo.originalWidth,
        height: photo.originalHeight,
        fileName: downloadNameOf(photo),
      },
      urls: {
        original: `${self}/original`,
        image: `${self}/image`,
        thumbnail: `${self}/thumbnail`,
      },
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
  required: [API_PHOTO_FIELD],
  properties: {
    [API_PHOTO_FIELD]: { type: 'string', format: 'binary', description: ACCEPTED_FORMATS_TEXT },
    description: { type: 'string', maxLength: MAX_DESCRIPTION_LENGTH },
  },
};

/** PATCH /api/photos/:id: the new description (same rules as at upload; "" clears it). */
export class DescriptionEditDto {
  @ApiProperty({ maxLength: MAX_DESCRIPTION_LENGTH, example: 'Morning coffee on the terrace' })
  description!: string;
}

/** POST /api/photos/bulk-delete. */
export class BulkDeleteDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_BULK_DELETE_IDS,
    description: 'Ids of your photos; each deleted one counts as one write of the minute',
    example: ['0190f3a2-7b1c-7d2e-8f30-123456789abc'],
  })
  ids!: string[];
}

export class BulkDeleteResultDto implements BulkDeleteOutcome {
  @ApiProperty({ type: [String], description: 'Deleted, with their files' })
  deleted!: string[];

  @ApiProperty({
    type: [String],
    description: 'No photo of yours (missing, someone else’s, or no photo id): nothing was changed',
  })
  notFound!: string[];
}

/** POST /api/photos/archive. */
export class ArchiveDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_ARCHIVE_IDS,
    description: 'Ids of your photos; any other id is left out of the zip',
    example: ['0190f3a2-7b1c-7d2e-8f30-123456789abc'],
  })
  ids!: string[];
}
