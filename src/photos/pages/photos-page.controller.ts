import {
  Controller,
  Get,
  Param,
  Post,
  Query,
  Redirect,
  Render,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CsrfInterceptor } from '../../auth/csrf/csrf.interceptor';
import { CurrentUser } from '../../auth/current-user.decorator';
import { ReturnAfterSignIn, SessionAuthGuard } from '../../auth/guards/session-auth.guard';
import { PhotoErrorsInterceptor } from '../http/photo-errors.interceptor';
import { sendPhotoFile } from '../http/send-photo-file';
import { uploadedFile } from '../http/uploaded-file';
import { UploadSizeGuard } from '../http/upload-size.guard';
import { WriteRateLimitGuard } from '../../rate-limit/write-rate-limit.guard';
import { ClientAbortSignal } from '../intake/client-abort-signal.decorator';
import { UploadIntakeInterceptor } from '../intake/upload-intake.interceptor';
import { PhotosService } from '../photos.service';
import { InvalidCursorError } from '../photo-errors';
import { MyPhotosPage, MyPhotosView } from './my-photos-page';
import { UploadPageErrorFilter } from './upload-page-error.filter';

/** "My photos" for signed-in people: HTTP in, HTTP out; the rules live in PhotosService. */
@ApiExcludeController()
@Controller()
@UseGuards(SessionAuthGuard)
@ReturnAfterSignIn('/myphotos')
@UseInterceptors(PhotoErrorsInterceptor)
export class PhotosPageController {
  constructor(
    private readonly photos: PhotosService,
    private readonly page: MyPhotosPage,
  ) {}

  @Get('myphotos')
  @Render('pages/myphotos')
  myPhotos(
    @CurrentUser() user: AuthenticatedUser,
    @Query('cursor') cursor: unknown,
    @Req() req: Request,
  ): Promise<MyPhotosView> {
    if (cursor !== undefined && typeof cursor !== 'string')
      throw new InvalidCursorError('repeated');
    // An empty `?cursor=` is the first page, as with no cursor at all.
    return this.page.build(user, { cursor: cursor || undefined, notice: takeNotice(req) });
  }

  /**
   * UploadIntakeInterceptor bounds the body before multer reads it; FileInterceptor then comes
   * before CsrfInterceptor, which reads the multipart `_csrf` field.
   */
  @Post('myphotos')
  @UseGuards(WriteRateLimitGuard, UploadSizeGuard)
  @UseInterceptors(UploadIntakeInterceptor, FileInterceptor('photo'), CsrfInterceptor)
  @UseFilters(UploadPageErrorFilter)
  @Redirect('/myphotos', 303)
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: Request,
    @ClientAbortSignal() cancelled: AbortSignal,
  ): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    await this.photos.upload(
      user,
      { file: file && uploadedFile(file), description: body?.description },
      cancelled,
    );
    req.session.notice = 'Uploaded';
  }

  @Post('myphotos/:id/delete')
  @UseGuards(WriteRateLimitGuard)
  @UseInterceptors(CsrfInterceptor)
  @Redirect('/myphotos', 303)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.photos.delete(user, id);
    req.session.notice = 'Deleted';
  }

  @Get('photos/:id')
  async image(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, 'image'));
  }

  /** The display copy: at most 2048 px, upright, no metadata. */
  @Get('photos/:id/image')
  async displayImage(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, 'image'));
  }

  /** The file as uploaded, as a download, to its owner only. */
  @Get('photos/:id/original')
  async original(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, 'original'));
  }

  @Get('photos/:id/thumbnail')
  async thumbnail(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, 'thumbnail'));
  }
}

/** A notice ("Uploaded", "Deleted") is shown once, on the next page, then forgotten. */
function takeNotice(req: Request): string | undefined {
  const notice = req.session.notice;
  if (notice !== undefined) delete req.session.notice;
  return notice;
}
