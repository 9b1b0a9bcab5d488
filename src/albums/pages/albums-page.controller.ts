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
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CsrfInterceptor } from '../../auth/csrf/csrf.interceptor';
import { CurrentUser } from '../../auth/current-user.decorator';
import { ReturnAfterSignIn, SessionAuthGuard } from '../../auth/guards/session-auth.guard';
import { validationMessage } from '../../common/zod-validation.pipe';
import { saveNotice, takeNotice } from '../../photos/pages/notice';
import { WriteRateLimitGuard } from '../../rate-limit/write-rate-limit.guard';
import { addOnePhotoForm, albumNameInput } from '../album-input';
import { AlbumsService } from '../albums.service';
import { AddToAlbumView, AlbumPages, AlbumsView, AlbumView } from './album-pages';

type FormBody = Record<string, unknown> | undefined;

/** The album pages for signed-in people: HTTP in, HTTP out; the rules live in AlbumsService. */
@ApiExcludeController()
@Controller()
@UseGuards(SessionAuthGuard)
@ReturnAfterSignIn('/albums')
export class AlbumsPageController {
  constructor(
    private readonly albums: AlbumsService,
    private readonly pages: AlbumPages,
  ) {}

  @Get('albums')
  @Render('pages/albums')
  list(@CurrentUser() user: AuthenticatedUser, @Req() req: Request): Promise<AlbumsView> {
    return this.pages.albumsPage(user, { notice: takeNotice(req) });
  }

  /** "New album": to the new album's page; a bad name shows the list again with the reason. */
  @Post('albums')
  @UseGuards(WriteRateLimitGuard)
  @UseInterceptors(CsrfInterceptor)
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const input = albumNameInput.safeParse(body);
    if (!input.success) {
      const view = await this.pages.albumsPage(user, {
        nameDraft: typeof body?.name === 'string' ? body.name : '',
        nameError: validationMessage(input.error),
      });
      res.status(400).render('pages/albums', view);
      return;
    }
    const album = await this.albums.create(user, input.data.name);
    await saveNotice(req, 'Album created');
    res.redirect(303, `/albums/${album.id}`);
  }

  /** The photo page's "Add to album": the owner's albums to choose from. */
  @Get('albums/add-photo')
  @Render('pages/add-to-album')
  addPhotoPage(
    @CurrentUser() user: AuthenticatedUser,
    @Query('photoId') photoId: unknown,
  ): Promise<AddToAlbumView> {
    return this.pages.addToAlbumPage(user, typeof photoId === 'string' ? photoId : '');
  }

  @Post('albums/add-photo')
  @UseGuards(WriteRateLimitGuard)
  @UseInterceptors(CsrfInterceptor)
  async addPhoto(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const input = addOnePhotoForm.safeParse(body);
    if (!input.success) {
      const photoId = typeof body?.photoId === 'string' ? body.photoId : '';
      const view = await this.pages.addToAlbumPage(user, photoId, validationMessage(input.error));
      res.status(400).render('pages/add-to-album', view);
      return;
    }
    const { albumId, photoId } = input.data;
    const outcome = await this.albums.addPhotos(user, albumId, [photoId.toLowerCase()]);
    if (outcome.notFound.length > 0) {
      const view = await this.pages.addToAlbumPage(user, photoId, 'There is no such photo.');
      res.status(404).render('pages/add-to-album', view);
      return;
    }
    const album = await this.albums.get(user, albumId);
    await saveNotice(
      req,
      outcome.added.length > 0 ? `Added to “${album.name}”` : `Already in “${album.name}”`,
    );
    res.redirect(303, `/albums/${album.id}`);
  }

  @Get('albums/:id')
  @Render('pages/album')
  album(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query('cursor') cursor: unknown,
    @Req() req: Request,
  ): Promise<AlbumView> {
    return this.pages.albumPage(user, id, {
      cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined,
      notice: takeNotice(req),
    });
  }

  @Post('albums/:id/rename')
  @UseGuards(WriteRateLimitGuard)
  @UseInterceptors(CsrfInterceptor)
  async rename(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const input = albumNameInput.safeParse(body);
    if (!input.success) {
      const view = await this.pages.albumPage(user, id, {
        nameError: validationMessage(input.error),
      });
      res.status(400).render('pages/album', view);
      return;
    }
    await this.albums.rename(user, id, input.data.name);
    await saveNotice(req, 'Album renamed');
    res.redirect(303, `/albums/${id}`);
  }

  /** The photos stay in "My photos"; the album's share links stop at once. */
  @Post('albums/:id/delete')
  @UseGuards(WriteRateLimitGuard)
  @UseInterceptors(CsrfInterceptor)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.albums.delete(user, id);
    await saveNotice(req, 'Album deleted. Its photos are still in My photos.');
    res.redirect(303, '/albums');
  }

  @Post('albums/:id/photos/:photoId/remove')
  @UseGuards(WriteRateLimitGuard)
  @UseInterceptors(CsrfInterceptor)
  async removePhoto(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('photoId') photoId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.albums.removePhoto(user, id, photoId);
    await saveNotice(req, 'Removed from the album');
    res.redirect(303, `/albums/${id}`);
  }
}
