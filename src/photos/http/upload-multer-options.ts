import type { MulterModuleOptions } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';

/**
 * How multer reads an upload: in memory (the image is decoded from memory anyway, and nothing
 * touches the disk before CSRF and the image checks pass), one file, a few small fields.
 */
export function uploadMulterOptions(maxUploadBytes: number): MulterModuleOptions {
  return {
    storage: memoryStorage(),
    limits: { fileSize: maxUploadBytes, files: 1, fields: 5, fieldSize: 10_000, parts: 8 },
  };
}
