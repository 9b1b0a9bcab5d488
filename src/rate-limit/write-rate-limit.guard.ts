import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WriteBudget } from './write-budget';

/**
 * Uploads and deletes a minute per user (pages and API share one budget), counted in PostgreSQL.
 * Goes after the auth guard (the key is the verified user, never something the client claims)
 * and, on forms, after the CSRF guard (a forged request spends nothing). Each request counts as
 * one write; one with several files takes the rest from WriteBudget.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  constructor(private readonly writes: WriteBudget) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: { sub: string } }>();
    if (!req.user) throw new Error('WriteRateLimitGuard must come after an auth guard');
    await this.writes.charge(req.user.sub, http.getResponse<Response>());
    return true;
  }
}
