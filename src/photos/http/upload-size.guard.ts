import {
  CanActivate,
  ExecutionContext,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PhotosConfig } from '../../config/config-slices';
import { maxBodyBytes, routeUploadBudget } from '../intake/upload-budget';
import { bodyTooLargeReason } from './photo-http-errors';

/**
 * Refuses an upload whose declared Content-Length is already too big, before a byte of the body
 * is read: more than the route's files at their size limit (one on the API, MAX_UPLOAD_FILES on
 * the upload form) plus the form around them. Bodies without a length (chunked) are still capped
 * as they are read (multer's limits, the spool's budget).
 */
@Injectable()
export class UploadSizeGuard implements CanActivate {
  constructor(
    private readonly photos: PhotosConfig,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const declared = Number(context.switchToHttp().getRequest<Request>().headers['content-length']);
    const budget = routeUploadBudget(this.reflector, context, this.photos);
    if (Number.isFinite(declared) && declared > maxBodyBytes(budget)) {
      throw new PayloadTooLargeException(bodyTooLargeReason(budget));
    }
    return true;
  }
}
