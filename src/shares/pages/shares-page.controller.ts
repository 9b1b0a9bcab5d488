import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Render,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthenticatedUser, displayName } from '../../auth/authenticated-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { ReturnAfterSignIn, SessionAuthGuard } from '../../auth/guards/session-auth.guard';
import { Clock } from '../../common/clock';
import { validationMessage } from '../../common/zod-validation.pipe';
import { saveNotice, takeNotice } from '../../photos/pages/notice';
import { CsrfGuard } from '../../auth/csrf/csrf.guard';
import { WriteBudget } from '../../rate-limit/write-budget';
import { WriteRateLimitGuard } from '../../rate-limit/write-rate-limit.guard';
import { refundWhenBusy } from '../http/refund-when-busy';
import type { NewShareInput } from '../share-link';
import { createShareForm } from '../share-input';
import { SHARE_TEXT } from '../share-rules';
import { SharesService } from '../shares.service';
import { SharePages, ShareNewView, SharesView } from './share-pages';

const DAY_MS = 24 * 60 * 60 * 1000;

type FormBody = Record<string, unknown> | undefined;

/** The owner's share links: the Share form's POST, the list with Revoke, and a photo's Share page. */
@ApiExcludeController()
@Controller('shares')
@UseGuards(SessionAuthGuard)
@ReturnAfterSignIn('/shares')
export class SharesPageController {
  constructor(
    private readonly shares: SharesService,
    private readonly pages: SharePages,
    private readonly clock: Clock,
    private readonly writes: WriteBudget,
  ) {}

  @Get()
  @Render('pages/shares')
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query('created') created: unknown,
    @Req() req: Request,
  ): Promise<SharesView> {
    return this.pages.sharesPage(user, {
      notice: takeNotice(req),
      newId: typeof created === 'string' ? created : undefined,
    });
  }

  /** The photo page's "Share" (the album page carries the same form itself). */
  @Get('new')
  @Render('pages/share-new')
  newShare(
    @CurrentUser() user: AuthenticatedUser,
    @Query('photoId') photoId: unknown,
    @Query('albumId') albumId: unknown,
  ): Promise<ShareNewView> {
    return this.pages.newSharePage(user, targetOf({ photoId, albumId }));
  }

  /** Makes the link and shows it in the list, ready to copy. */
  @Post()
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = createShareForm.safeParse(body);
    if (!form.success) {
      const view = await this.pages.newSharePage(
        user,
        targetOf(body ?? {}),
        validationMessage(form.error),
      );
      res.status(400).render('pages/share-new', view);
      return;
    }
    const { photoId, albumId, expiresInDays, allowDownload, password } = form.data;
    const share = await refundWhenBusy(this.writes, user.sub, () =>
      this.shares.create(
        { ...user, displayName: displayName(user) },
        {
          target: photoId ? { kind: 'photo', id: photoId } : { kind: 'album', id: albumId! },
          expiresAt:
            expiresInDays === 'never'
              ? undefined
              : new Date(this.clock.now() + Number(expiresInDays) * DAY_MS),
          allowDownload: allowDownload === 'on',
          password,
        },
      ),
    );
    await saveNotice(req, 'Link created. Copy it below and send it to whoever should see it.');
    res.redirect(303, `/shares?created=${share.id}#share-${share.id}`);
  }

  @Post(':id/revoke')
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
  async revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.shares.revoke(user, id);
    await saveNotice(req, 'Link revoked. It no longer works.');
    res.redirect(303, '/shares');
  }
}

/** The Share form's target from a query or body; a wrong one is "not found" (never an echo). */
function targetOf(source: Record<string, unknown>): NewShareInput['target'] {
  if (typeof source.albumId === 'string' && source.albumId !== '')
    return { kind: 'album', id: source.albumId };
  if (typeof source.photoId === 'string') return { kind: 'photo', id: source.photoId };
  return { kind: 'photo', id: SHARE_TEXT.targetNotFound };
}
