import type { MulterModuleOptions } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { MAX_DESCRIPTION_LENGTH } from '../photo-rules';

/**
 * The largest form field in bytes: a description at its longest, in 4-byte characters, with
 * room for the CRLF line ends and the white space the rules then trim or fold away.
 */
const MAX_DESCRIPTION_FIELD_BYTES = 5 * MAX_DESCRIPTION_LENGTH;

/** A few small text fields: `_csrf`, `description`, and room for a browser's extras. */
const MAX_FIELDS = 5;
import { type UploadBudget, uploadBudgetOf } from '../intake/upload-budget';

/**
 * How multer reads an upload: spooled to disk (`storage`, see UploadSpool), so memory does not
 * grow with the size or number of bodies in flight; the request's UploadBudget of files (set by
 * UploadIntakeInterceptor: several on the upload form, one on the API), a few small fields.
 * Nothing reaches photo storage before CSRF and the image checks pass.
 *
 * A single-file route keeps multer's own size limit, which ends the request at the first byte
 * over it. A batch has none: one file too large must not sink the others, so the spool keeps the
 * file's first bytes only and the photo rules refuse it by its size (the spool still bounds the
 * whole body).
 */
export function uploadMulterOptions(
  fallback: UploadBudget,
  storage: StorageEngine,
): MulterModuleOptions {
  return {
    storage,
    limits: (req: Request) => {
      const budget = uploadBudgetOf(req) ?? fallback;
      return {
        ...(budget.maxFiles === 1 && { fileSize: budget.maxBytesPerFile }),
        files: budget.maxFiles,
        fields: MAX_FIELDS,
        fieldSize: MAX_DESCRIPTION_FIELD_BYTES,
        parts: budget.maxFiles + MAX_FIELDS + 2,
      };
    },
  };
}
