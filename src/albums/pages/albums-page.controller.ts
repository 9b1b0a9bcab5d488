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
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { ReturnAfterSignIn, SessionAuthGuard } from '../../auth/guards/session-auth.guard';
import { CsrfGuard } from '../../auth/csrf/csrf.guard';
import { validationMessage, ZodValidationPipe } from '../../common/zod-validation.pipe';
import { saveNotice, takeNotice } from '../../photos/pages/notice';
import { WriteRateLimitGuard } from '../../rate-limit/write-rate-limit.guard';
import { photoReturnTo } from '../../photos/pages/photo-return-to';
import { WriteBudget } from '../../rate-limit/write-budget';
import {
  addOnePhotoForm,
  albumNameInput,
  addSelectionForm,
  type AddSelectionForm,
  removeSelectionForm,
  type RemoveSelectionForm,
} from '../album-input';
import { AlbumsService } from '../albums.service';
import { type SelectionAdded } from '../albums.service';
import { AddToAlbumView, AlbumPages, AlbumsView, AlbumView, countText } from './album-pages';

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
    private readonly writes: WriteBudget,
  ) {}

  @Get('albums')
  @Render('pages/albums')
  list(@CurrentUser() user: AuthenticatedUser, @Req() req: Request): Promise<AlbumsView> {
    return this.pages.albumsPage(user, { notice: takeNotice(req) });
  }

  /** "New album": to the new album's page; a bad name shows the list again with the reason. */
  @Post('albums')
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
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
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
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

  /**
   * A page's selection "Add to album" (the grid, search and album pages' toolbar): `ids` alone
   * shows the albums to choose from, `albumId` adds to that album, `name` to a new one; then to
   * the album with a notice. Only the caller's photos are added. Choosing is not a write: the
   * write budget is charged by the posts that add (CSRF first, so a forgery spends nothing).
   */
  @Post('albums/add-photos')
  @UseGuards(CsrfGuard)
  async addSelection(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodValidationPipe(addSelectionForm)) form: AddSelectionForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const returnTo = photoReturnTo(form.returnTo);
    if (form.albumId === undefined && form.name === undefined) {
      const view = await this.pages.addSelectionPage(user, form.ids, returnTo);
      res.status(200).render('pages/add-to-album', view); // a page, not a 201 "created"
      return;
    }
    let added: SelectionAdded;
    if (form.albumId !== undefined) {
      await this.writes.charge(user.sub, res);
      added = await this.albums.addSelection(user, form.albumId, form.ids);
    } else {
      const name = albumNameInput.safeParse({ name: form.name });
      if (!name.success) {
        const draft = { nameDraft: form.name, nameError: validationMessage(name.error) };
        const view = await this.pages.addSelectionPage(user, form.ids, returnTo, draft);
        res.status(400).render('pages/add-to-album', view);
        return;
      }
      await this.writes.charge(user.sub, res);
      added = await this.albums.createWithSelection(user, name.data.name, form.ids);
    }
    await saveNotice(req, addedNotice(added));
    res.redirect(303, `/albums/${added.album.id}`);
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
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
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
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
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

  /** The album page's selection "Remove from album": the photos stay in "My photos". */
  @Post('albums/:id/photos/remove')
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
  async removeSelection(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(removeSelectionForm)) form: RemoveSelectionForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const removed = await this.albums.removeSelection(user, id, form.ids);
    await saveNotice(req, `Removed ${countText(removed)} from this album.`);
    res.redirect(303, `/albums/${id}`);
  }

  @Post('albums/:id/photos/:photoId/remove')
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
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

/** "Added 3 photos to “Trip”." (and how many were in it already), or "Already in “Trip”.". */
function addedNotice({ album, added, alreadyIn }: SelectionAdded): string {
  if (added === 0) return `Already in “${album.name}”.`;
  const already =
    alreadyIn === 0 ? '' : ` ${alreadyIn === 1 ? '1 was' : `${alreadyIn} were`} in it already.`;
  return `Added ${countText(added)} to “${album.name}”.${already}`;
}
