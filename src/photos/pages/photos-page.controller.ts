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
  UploadedFiles,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { validationMessage, ZodValidationPipe } from '../../common/zod-validation.pipe';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CsrfGuard } from '../../auth/csrf/csrf.guard';
import { CurrentUser } from '../../auth/current-user.decorator';
import { ReturnAfterSignIn, SessionAuthGuard } from '../../auth/guards/session-auth.guard';
import { refusedBatchStatus } from '../http/batch-answer';
import { PhotoErrorsInterceptor } from '../http/photo-errors.interceptor';
import { sendArchive } from '../http/send-archive';
import { sendPhotoFile } from '../http/send-photo-file';
import { uploadedFile } from '../http/uploaded-file';
import { withinWriteBudget } from '../http/write-budget-refusals';
import { UploadSizeGuard } from '../http/upload-size.guard';
import { Clock } from '../../common/clock';
import { WriteBudget } from '../../rate-limit/write-budget';
import { WriteRateLimitGuard } from '../../rate-limit/write-rate-limit.guard';
import { ClientAbortSignal } from '../intake/client-abort-signal.decorator';
import { requireUploadBudget, UploadBatch } from '../intake/upload-budget';
import { UploadAdmitted } from '../intake/upload-admitted.interceptor';
import { UploadIntakeInterceptor } from '../intake/upload-intake.interceptor';
import { PhotoArchive } from '../photo-archive';
import { type BatchOutcome, PhotosService } from '../photos.service';
import {
  descriptionEdit,
  gridQuery,
  type GridQuery,
  selectionDeleteForm,
  type SelectionDeleteForm,
  selectionDownloadForm,
  type SelectionDownloadForm,
  uploadFields,
  type UploadFields,
} from '../photo-input';
import { MyPhotosPage, MyPhotosView } from './my-photos-page';
import { PageUploadAdmission } from './page-upload-admission.interceptor';
import { saveNotice, takeNotice } from './notice';
import { DeletePhotoView, PhotoPages, PhotoPageView, photoCount } from './photo-page';
import { photoReturnTo, withReturnTo } from './photo-return-to';
import { UploadPageErrorFilter, wantsJson } from './upload-page-error.filter';
import {
  refusedFiles,
  saveUploadReport,
  takeUploadRefusals,
  uploadedNotice,
  UploadRefusedException,
} from './upload-report';

/** "My photos" for signed-in people: HTTP in, HTTP out; the rules live in PhotosService. */
@ApiExcludeController()
@Controller()
@UseGuards(SessionAuthGuard)
@ReturnAfterSignIn('/myphotos')
export class PhotosPageController {
  constructor(
    private readonly photos: PhotosService,
    private readonly page: MyPhotosPage,
    private readonly photoPages: PhotoPages,
    private readonly writes: WriteBudget,
    private readonly archives: PhotoArchive,
    private readonly clock: Clock,
  ) {}

  @Get('myphotos')
  @Render('pages/myphotos')
  myPhotos(
    @CurrentUser() user: AuthenticatedUser,
    @Query(new ZodValidationPipe(gridQuery)) query: GridQuery,
    @Req() req: Request,
  ): Promise<MyPhotosView> {
    return this.page.build(user, {
      cursor: query.cursor,
      before: query.before,
      month: query.month,
      notice: takeNotice(req),
      refused: takeUploadRefusals(req),
    });
  }

  /**
   * One or several files (up to MAX_UPLOAD_FILES) with one description; each file is stored or
   * refused on its own. UploadIntakeInterceptor bounds the body before multer reads it; before the
   * first file's bytes are spooled, the form's `_csrf` field (first in the form) is checked, then
   * one write taken from the budget, then room in the spool (PageUploadAdmission, the intake);
   * UploadAdmitted does the same after the body when it carried no file.
   * A browser gets the page back (a redirect with the report once something was stored); the
   * upload script asks for JSON (`Accept: application/json`), with the same CSRF token.
   * Each file is one write of the user's budget: the guard admitted the request as the first, the
   * others are taken here; files beyond the budget are refused by name (429, Retry-After).
   */
  @Post('myphotos')
  @UploadBatch()
  @UseGuards(UploadSizeGuard)
  @UseInterceptors(
    PhotoErrorsInterceptor,
    PageUploadAdmission,
    UploadIntakeInterceptor,
    FilesInterceptor('photo'),
    UploadAdmitted,
  )
  @UseFilters(UploadPageErrorFilter)
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
    @Body(new ZodValidationPipe(uploadFields)) fields: UploadFields,
    @Req() req: Request,
    @Res() res: Response,
    @ClientAbortSignal() cancelled: AbortSignal,
  ): Promise<void> {
    const sent = (files ?? []).map(uploadedFile);
    const extra = await this.writes.takeExtra(user.sub, sent.length - 1);
    const { admitted, overBudget } = withinWriteBudget(sent, 1 + extra.granted, extra);
    const stored = await this.photos.uploadBatch(
      user,
      { files: admitted, description: fields.description },
      cancelled,
    );
    const outcome = { ...stored, refused: [...stored.refused, ...overBudget] };
    if (wantsJson(req)) return this.answerJson(req, res, outcome);
    if (outcome.stored.length === 0) {
      // One file refused: the page says why, as for any single upload (status, Retry-After).
      if (outcome.refused.length === 1) throw outcome.refused[0].error;
      const { status } = refusedBatchStatus(outcome, requireUploadBudget(req));
      throw new UploadRefusedException(refusedFiles(outcome), status);
    }
    await saveUploadReport(req, outcome);
    res.redirect(303, '/myphotos');
  }

  /**
   * Each file's outcome, with 200 once the batch was taken (a refused file is an outcome, not a
   * failed request); batch refusals (CSRF, too many files, description, busy) keep their
   * statuses. When every file waited too long for a pipeline: 503 with Retry-After, to retry.
   */
  private answerJson(req: Request, res: Response, outcome: BatchOutcome): void {
    const refused = refusedFiles(outcome);
    const answer = {
      message:
        outcome.stored.length > 0 || refused.length === 0
          ? uploadedNotice(outcome.stored.length)
          : refused.length === 1
            ? refused[0].reason
            : `None of the ${refused.length} files was uploaded.`,
      uploaded: outcome.stored.map((photo) => ({ id: photo.id, href: `/photos/${photo.id}` })),
      refused,
    };
    const whole =
      outcome.stored.length === 0
        ? refusedBatchStatus(outcome, requireUploadBudget(req))
        : undefined;
    if (whole?.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(whole.retryAfterSeconds));
      res.status(whole.status).json(answer);
      return;
    }
    res.status(200).json(answer);
  }

  /**
   * A selection's Delete (the grid, album and search pages' checkboxes): without
   * `confirmed=yes`, a page that lists the photos and asks (nothing deleted); with it, the delete,
   * each photo one write of the minute's budget (all or none: 429 beyond it), then back to
   * `returnTo` with a notice. A bad selection (none, too many) is the error page, nothing deleted.
   * Declared before `myphotos/:id/delete`, which would otherwise take "selection" for an id.
   */
  @Post('myphotos/selection/delete')
  @UseGuards(CsrfGuard)
  async deleteSelection(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodValidationPipe(selectionDeleteForm)) form: SelectionDeleteForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const returnTo = photoReturnTo(form.returnTo);
    if (!form.confirmed) {
      const view = await this.photoPages.deleteManyPage(user, form.ids, returnTo);
      res.status(200).render('pages/delete-photos', view);
      return;
    }
    const { deleted } = await this.photos.deleteMany(user, form.ids, (count) =>
      this.writes.chargeMany(user.sub, count, res),
    );
    await saveNotice(req, `Deleted ${photoCount(deleted.length)}.`);
    res.redirect(303, returnTo);
  }

  /** A selection's Download: a zip of the originals, as the API's archive. Not a write. */
  @Post('myphotos/selection/download')
  @UseGuards(CsrfGuard)
  async downloadSelection(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodValidationPipe(selectionDownloadForm)) form: SelectionDownloadForm,
    @Res() res: Response,
  ): Promise<void> {
    await sendArchive(res, await this.archives.archive(user, form.ids), this.clock.date());
  }

  /** Asks first: a page that works without JavaScript (the grid's dialog submits the same form). */
  @Get('myphotos/:id/delete')
  @Render('pages/delete-photo')
  confirmDelete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query('returnTo') returnTo: unknown,
  ): Promise<DeletePhotoView> {
    return this.photoPages.deletePage(user, id, returnTo);
  }

  /** Back to where the person was: the grid page, or the next photo (same-origin paths only). */
  @Post('myphotos/:id/delete')
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body('returnTo') returnTo: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.photos.delete(user, id);
    await saveNotice(req, 'Deleted');
    res.redirect(303, photoReturnTo(returnTo));
  }

  @Get('photos/:id')
  @Render('pages/photo')
  photoPage(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query('returnTo') returnTo: unknown,
    @Req() req: Request,
  ): Promise<PhotoPageView> {
    return this.photoPages.photoPage(user, id, { returnTo, notice: takeNotice(req) });
  }

  /** The photo page's "Edit description" form; a refusal shows the page again with the reason. */
  @Post('photos/:id/description')
  @UseGuards(CsrfGuard, WriteRateLimitGuard)
  async editDescription(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const returnTo = photoReturnTo(body?.returnTo);
    const edit = descriptionEdit.safeParse(body);
    if (!edit.success) {
      const view = await this.photoPages.photoPage(user, id, {
        returnTo,
        descriptionDraft: typeof body?.description === 'string' ? body.description : '',
        descriptionError: validationMessage(edit.error),
      });
      res.status(400).render('pages/photo', view);
      return;
    }
    await this.photos.updateDescription(user, id, edit.data.description);
    await saveNotice(req, 'Description saved');
    res.redirect(303, withReturnTo(`/photos/${id}`, returnTo));
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
