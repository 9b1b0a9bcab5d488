import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiRequest } from './bearer-auth.guard';

const SCOPES_KEY = 'requiredScopes';

/**
 * A valid token without a scope the route needs: 403, with the RFC 6750 §3.1 challenge naming
 * the scopes (AuthExceptionFilter writes it).
 */
export class InsufficientScopeException extends ForbiddenException {
  constructor(readonly scopes: string[]) {
    super(`The access token lacks the scope: ${scopes.join(' ')}`);
  }
}

/** The access token must carry every one of these scopes (403 otherwise). */
export const RequireScopes = (...scopes: string[]) => SetMetadata(SCOPES_KEY, scopes);

@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(SCOPES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const granted = context.switchToHttp().getRequest<ApiRequest>().user?.scopes ?? [];
    const missing = required.filter((scope) => !granted.includes(scope));
    if (missing.length > 0) throw new InsufficientScopeException(missing);
    return true;
  }
}
