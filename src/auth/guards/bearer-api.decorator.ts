import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BearerAuthGuard } from './bearer-auth.guard';
import { RequireScopes, ScopesGuard } from './scopes.guard';

/**
 * A JSON API controller for holders of a Cognito access token: the bearer and scope guards, the
 * scopes every route needs, and what OpenAPI says of them (the security scheme, 401 and 403).
 * The one way to guard an `/api` controller, e.g. `@BearerApi('openid')`.
 */
export function BearerApi(...scopes: string[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(BearerAuthGuard, ScopesGuard),
    RequireScopes(...scopes),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description:
        'No access token (WWW-Authenticate: Bearer realm="photos"), or an invalid, expired or revoked one (WWW-Authenticate: Bearer realm="photos", error="invalid_token", error_description="…")',
    }),
    ApiForbiddenResponse({ description: `The token lacks a scope: ${scopes.join(' ')}` }),
  );
}
