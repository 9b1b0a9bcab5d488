import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CsrfInterceptor } from '../../auth/csrf/csrf.interceptor';
import { HttpConfig } from '../../config/config-slices';
import { sendPhotoFile } from '../../photos/http/send-photo-file';
import { SharedLinks } from '../shared-links.service';
import { cacheSharedFile } from '../http/share-headers';
import { wantsJson } from '../http/share-exception.filter';
import { sharedJson, sharedPage } from './shared-view';

/** The cookie holding an unlocked password link's pass, scoped to that link's own path. */
export const UNLOCK_COOKIE = 'photos_share_unlock';

/**
 * What anyone holding a link sees, signed in or not: the shared photo or album (a page, or JSON
 * with Accept: application/json), its files, and the password form's POST. HTTP in and out only:
 * SharedLinks decides. Headers for all of /s/ are set by SharesModule's middleware.
 */
@ApiExcludeController()
@Controller('s/:token')
export class SharedLinkController {
  constructor(
    private readonly links: SharedLinks,
    private readonly http: HttpConfig,
  ) {}

  @Get()
  async show(
    @Param('token') token: string,
    @Query('cursor') cursor: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const after = typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
    const content = await this.links.content(token, unlockPassOf(req), after);
    const path = `/s/${encodeURIComponent(token)}`;
    if (wantsJson(req)) {
      res.json(sharedJson(content, `${this.http.baseUrl}${path}`));
      return;
    }
    res.render('pages/shared-link', sharedPage(content, path, after));
  }

  /** The password form (CSRF-checked; a signed-out visitor's session holds the token). */
  @Post('unlock')
  @UseInterceptors(CsrfInterceptor)
  async unlock(
    @Param('token') token: string,
    @Body('password') password: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const path = `/s/${encodeURIComponent(token)}`;
    const pass = await this.links.unlock(token, password, req.ip ?? 'unknown');
    res.cookie(UNLOCK_COOKIE, pass.value, {
      path,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.http.secure,
      maxAge: pass.maxAgeMs,
    });
    res.redirect(303, path);
  }

  @Get('photos/:photoId/:variant')
  async file(
    @Param('token') token: string,
    @Param('photoId') photoId: string,
    @Param('variant') variant: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const shared = await this.links.file(token, unlockPassOf(req), photoId, variant);
    cacheSharedFile(res, shared.maxAgeSeconds);
    await sendPhotoFile(res, shared.file);
  }
}

/** Parsed by cookie-parser, mounted on /s/ only. */
function unlockPassOf(req: Request): unknown {
  return (req.cookies as Record<string, unknown> | undefined)?.[UNLOCK_COOKIE];
}
