import type { UploadedFile } from '../photos.service';

/** What the photo rules need of multer's spooled file: where it is, its size and its name. */
export function uploadedFile(file: Express.Multer.File): UploadedFile {
  return { path: file.path, sizeBytes: file.size, name: file.originalname };
}
