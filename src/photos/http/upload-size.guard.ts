import {
  CanActivate,
  ExecutionContext,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request } from 'express';
import { PhotosConfig } from '../../config/config-slices';
import { RULE_TEXT } from '../photo-rules';

/**
 * Room for the rest of a multipart body besides the photo: boundaries, part headers and the small
 * text fields (multer allows 5 fields of at most 10 kB each).
 */
export const MULTIPART_ALLOWANCE_BYTES = 64 * 1024;

/**
 * Refuses an upload whose declared Content-Length is already too big, before a byte of the body
 * is read. Bodies without a length (chunked) are still capped by multer's fileSize limit.
 */
@Injectable()
export class UploadSizeGuard implements CanActivate {
  constructor(private readonly photos: PhotosConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const declared = Number(context.switchToHttp().getRequest<Request>().headers['content-length']);
    if (
      Number.isFinite(declared) &&
      declared > this.photos.maxUploadBytes + MULTIPART_ALLOWANCE_BYTES
    ) {
      throw new PayloadTooLargeException(RULE_TEXT.tooLarge(this.photos.maxUploadBytes));
    }
    return true;
  }
}
