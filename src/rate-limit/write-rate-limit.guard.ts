import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { RateLimitConfig } from '../config/config-slices';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { WRITE_WINDOW_MS, writesKey } from './write-budget';

/**
 * Uploads and deletes a minute per user (pages and API share one budget), counted in PostgreSQL.
 * Goes after the auth guard: the key is the verified user, never something the client claims.
 * Each request counts as one write; one with several files takes the rest from WriteBudget.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  constructor(
    private readonly storage: PgThrottlerStorage,
    private readonly limits: RateLimitConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: { sub: string } }>();
    if (!req.user) throw new Error('WriteRateLimitGuard must come after an auth guard');
    const limit = this.limits.writesPerMinute;
    const record = await this.storage.increment(
      writesKey(req.user.sub),
      WRITE_WINDOW_MS,
      limit,
      WRITE_WINDOW_MS,
    );
    if (record.isBlocked) {
      http.getResponse<Response>().setHeader('Retry-After', String(record.timeToBlockExpire));
      throw new ThrottlerException('Too many uploads or deletes; please wait a minute.');
    }
    return true;
  }
}
