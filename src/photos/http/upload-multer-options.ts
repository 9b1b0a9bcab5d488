import type { MulterModuleOptions } from '@nestjs/platform-express';
import type { StorageEngine } from 'multer';

/**
 * How multer reads an upload: spooled to disk (`storage`, see UploadSpool), so memory does not
 * grow with the size or number of bodies in flight; one file, a few small fields. Nothing
 * reaches photo storage before CSRF and the image checks pass.
 */
export function uploadMulterOptions(
  maxUploadBytes: number,
  storage: StorageEngine,
): MulterModuleOptions {
  return {
    storage,
    limits: { fileSize: maxUploadBytes, files: 1, fields: 5, fieldSize: 10_000, parts: 8 },
  };
}
