import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { statfs } from 'node:fs/promises';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { PhotosConfig, UploadIntakeConfig } from '../../config/config-slices';
import { SpoolBudget, SpoolFullError, setSpoolReservation } from './spool-budget';
import { watchForStall } from './stall-watchdog';
import { admissionNeedsBody, admit, requireForAdmission } from './upload-admission';
import { routeUploadBudget, setUploadBudget } from './upload-budget';
import { type UploadRefusal, UploadSlots } from './upload-slots';
import { UploadSpool } from './upload-spool';

/** What a refused client is told to wait before trying again. */
export const UPLOAD_RETRY_AFTER_SECONDS = 5;

const REFUSALS: Record<UploadRefusal, string> = {
  'user-busy': 'You have too many uploads in progress. Wait for them to finish, then try again.',
  'instance-busy': 'Too many uploads are in progress right now. Please try again in a moment.',
};

type UploadRequest = Request & { user?: AuthenticatedUser };

/**
 * Bounds an upload before multer reads a byte of it (bind it before FileInterceptor, after the
 * auth guard):
 * - takes an upload slot (a cap per instance and per user), or answers 429 with Retry-After: one
 *   slot per request, whether it carries one file or a batch (its files are processed one after
 *   the other, so a batch holds no more of the image pipelines than a single upload);
 * - sets the request's UploadBudget (files and bytes each) for multer and the spool;
 * - before the first byte is spooled (the request's admission, after the form's CSRF check and
 *   the write budget when the route has them): a share of the spool's byte budget for the
 *   declared Content-Length (a chunked body's share grows as it arrives), and room on the disk
 *   above UPLOAD_SPOOL_MIN_FREE_BYTES; else 503 (instance full) or 429 (user) with Retry-After;
 * - drops the connection when the body stalls for UPLOAD_STALL_TIMEOUT_SECONDS, or arrives
 *   slower than UPLOAD_MIN_BYTES_PER_SECOND over that period (multer then removes what it
 *   spooled, and nothing is stored);
 * - once the request is handled, whatever the outcome, removes the spooled files and frees the
 *   slot and the spool share (so they cover the image processing too).
 */
@Injectable()
export class UploadIntakeInterceptor implements NestInterceptor {
  private readonly logger = new Logger(UploadIntakeInterceptor.name);

  constructor(
    private readonly slots: UploadSlots,
    private readonly spool: UploadSpool,
    private readonly spoolBudget: SpoolBudget,
    private readonly config: UploadIntakeConfig,
    private readonly photos: PhotosConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!req.user) throw new Error('UploadIntakeInterceptor used on a route without an auth guard');
    const slot = this.slots.tryAcquire(req.user.sub);
    if (!slot.granted) {
      res.setHeader('Retry-After', String(UPLOAD_RETRY_AFTER_SECONDS));
      // The body is left unread: close the connection rather than read it to reuse the socket.
      res.setHeader('Connection', 'close');
      throw new HttpException(REFUSALS[slot.refusal], HttpStatus.TOO_MANY_REQUESTS);
    }
    setUploadBudget(req, routeUploadBudget(this.reflector, context, this.photos));
    const share = this.spoolBudget.reserve(req.user.sub);
    setSpoolReservation(req, share);
    requireForAdmission(req, () => this.roomFor(req, res, share));
    const limits = {
      timeoutMs: this.config.stallTimeoutSeconds * 1000,
      minBytesPerSecond: this.config.minBytesPerSecond,
    };
    const stopWatching = watchForStall(req, limits, (reason) => {
      this.logger.warn(
        reason === 'stalled'
          ? `Upload body stalled for ${this.config.stallTimeoutSeconds} s; connection dropped`
          : `Upload body slower than ${this.config.minBytesPerSecond} bytes/s; connection dropped`,
      );
      req.socket.destroy();
    });
    return from(
      this.handle(req, next, () => {
        stopWatching();
        share.release();
        slot.release();
      }),
    );
  }

  /** The declared body's share of the spool, and the disk's free-space floor kept. */
  private async roomFor(
    req: Request,
    res: Response,
    share: { growTo(bytes: number): string | undefined },
  ): Promise<void> {
    const declared = Number(req.headers['content-length']);
    const bytes = Number.isFinite(declared) && declared > 0 ? declared : 0;
    const refusal = share.growTo(bytes);
    if (refusal === 'user-full' || refusal === 'instance-full') this.refuse(res, refusal);
    const disk = await statfs(this.spool.root);
    if (disk.bavail * disk.bsize - bytes < this.config.spoolMinFreeBytes) {
      this.logger.warn('Upload refused: the spool disk is at its free-space floor');
      this.refuse(res, 'instance-full');
    }
  }

  private refuse(res: Response, refusal: 'user-full' | 'instance-full'): never {
    // The body is left unread: close the connection rather than read it to reuse the socket.
    res.setHeader('Connection', 'close');
    throw new SpoolFullError(refusal);
  }

  private async handle(req: Request, next: CallHandler, finish: () => void): Promise<unknown> {
    try {
      if (!admissionNeedsBody(req)) await admit(req);
      return await lastValueFrom(next.handle(), { defaultValue: undefined });
    } finally {
      await Promise.all(spooledPaths(req).map((path) => this.spool.remove(path)));
      finish();
    }
  }
}

/** Paths multer wrote for this request (one file, or several for a multi-file upload). */
function spooledPaths(req: Request): string[] {
  const files: Express.Multer.File[] = [];
  if (req.file) files.push(req.file);
  if (Array.isArray(req.files)) files.push(...req.files);
  else if (req.files) files.push(...Object.values(req.files).flat());
  return files.map((file) => file.path).filter((path): path is string => Boolean(path));
}
