import { applyDecorators, type CanActivate, Get, type Type, UseGuards } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiResponse,
  type ApiResponseOptions,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { WriteRateLimitGuard } from '../../rate-limit/write-rate-limit.guard';
import type { PhotoVariant } from '../photo';

/**
 * One decorator per kind of photos API route, so each route says what it is, not how it is
 * guarded and documented. The controller itself is `@BearerApi('openid')` (auth/).
 */

const NOT_YOURS = { description: 'No such photo of yours' };

/**
 * Works on one photo of the caller's (`:id`): answers `ok` (200 unless it says), and 404 for
 * anyone else's photo or an id that cannot exist (existence is not revealed).
 */
export function ApiPhotoRoute(ok: ApiResponseOptions): MethodDecorator {
  return applyDecorators(ApiResponse({ status: 200, ...ok }), ApiNotFoundResponse(NOT_YOURS));
}

/**
 * Changes something (upload, edit, delete): counted against the user's write budget
 * (pages and API share it), 429 with Retry-After beyond it. `thenGuards` run after that count.
 */
export function ApiWriteRoute(...thenGuards: CanActivate[] | Type<CanActivate>[]): MethodDecorator {
  return applyDecorators(
    UseGuards(WriteRateLimitGuard, ...thenGuards),
    ApiTooManyRequestsResponse({
      description:
        'Too many uploads, edits or deletes this minute (for uploads: too many in progress, yours or on this server); see Retry-After',
    }),
  );
}

/** `GET /api/photos/:id/<variant>`: the bytes of one stored file, in one of `mediaTypes`. */
export function ApiFileRoute(
  variant: PhotoVariant,
  mediaTypes: readonly string[],
  description: string,
): MethodDecorator {
  return applyDecorators(
    Get(`:id/${variant}`),
    ApiProduces(...mediaTypes),
    ApiOkResponse({ description }),
    ApiNotFoundResponse(NOT_YOURS),
  );
}
