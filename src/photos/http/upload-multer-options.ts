import type { MulterModuleOptions } from '@nestjs/platform-express';
import type { StorageEngine } from 'multer';
import { MAX_DESCRIPTION_LENGTH } from '../photo-rules';

/**
 * The largest form field in bytes: a description at its longest, in 4-byte characters, with
 * room for the CRLF line ends and the white space the rules then trim or fold away.
 */
const MAX_DESCRIPTION_FIELD_BYTES = 5 * MAX_DESCRIPTION_LENGTH;

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
    limits: {
      fileSize: maxUploadBytes,
      files: 1,
      fields: 5,
      fieldSize: MAX_DESCRIPTION_FIELD_BYTES,
      parts: 8,
    },
  };
}
