import { Injectable, Logger } from '@nestjs/common';
import type { Photo, PhotoFile, PhotoVariant } from './photo';
import { PhotoNotFoundError } from './photo-errors';
import { downloadNameOf } from './photo-file-name';
import { PhotoStorage, StoredObjectNotFoundError } from './storage';

/**
 * Read-only access to a photo's stored files for other modules (share links) that have already
 * decided the caller may see this photo: no owner check here, so the caller must make one. The
 * presigned URL lives `presignSeconds` at most, which the caller bounds (e.g. by a link's life).
 */
@Injectable()
export class PhotoFiles {
  private readonly logger = new Logger(PhotoFiles.name);

  constructor(private readonly storage: PhotoStorage) {}

  async open(photo: Photo, variant: PhotoVariant, presignSeconds: number): Promise<PhotoFile> {
    const { key, contentType } = variantOf(photo, variant);
    // Originals always go through the app, as attachments with our headers.
    if (variant !== 'original' && presignSeconds >= 1) {
      const url = await this.storage.presignedUrl(key, Math.floor(presignSeconds));
      if (url !== undefined) return { kind: 'redirect', url };
    }
    try {
      const stored = await this.storage.get(key);
      return {
        kind: 'stream',
        body: stored.body,
        contentType,
        sizeBytes: stored.sizeBytes,
        downloadName: variant === 'original' ? downloadNameOf(photo) : undefined,
      };
    } catch (error) {
      if (!(error instanceof StoredObjectNotFoundError)) throw error;
      this.logger.error(`Photo ${photo.id} has a row but no ${variant} file (${key})`);
      throw new PhotoNotFoundError();
    }
  }
}

function variantOf(photo: Photo, variant: PhotoVariant): { key: string; contentType: string } {
  switch (variant) {
    case 'original':
      return { key: photo.originalKey, contentType: photo.originalContentType };
    case 'image':
      return { key: photo.imageKey, contentType: photo.contentType };
    case 'thumbnail':
      return { key: photo.thumbnailKey, contentType: photo.thumbnailContentType };
  }
}
