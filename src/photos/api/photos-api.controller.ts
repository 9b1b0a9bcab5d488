import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiProduces,
  ApiTooManyRequestsResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { BearerApi } from '../../auth/guards/bearer-api.decorator';
import { Clock } from '../../common/clock';
import { HttpConfig } from '../../config/config-slices';
import { WriteBudget } from '../../rate-limit/write-budget';
import { PhotoErrorsInterceptor } from '../http/photo-errors.interceptor';
import { sendArchive } from '../http/send-archive';
import { sendPhotoFile } from '../http/send-photo-file';
import { uploadedFile } from '../http/uploaded-file';
import { UploadSizeGuard } from '../http/upload-size.guard';
import { ClientAbortSignal } from '../intake/client-abort-signal.decorator';
import { UploadIntakeInterceptor } from '../intake/upload-intake.interceptor';
import {
  ACCEPTED_FORMATS_TEXT,
  ACCEPTED_MEDIA_TYPES,
  API_PHOTO_FIELD,
  DEFAULT_PAGE_SIZE,
  MAX_ARCHIVE_IDS,
  MAX_BULK_DELETE_IDS,
  MAX_DESCRIPTION_LENGTH,
  MAX_PAGE_SIZE,
  RULE_TEXT,
} from '../photo-rules';
import {
  archiveInput,
  bulkDeleteInput,
  descriptionEdit,
  type DescriptionEdit,
  listQuery,
  type ListQuery,
  type SelectionInput,
  uploadFields,
  type UploadFields,
} from '../photo-input';
import type { PhotoVariant } from '../photo';
import { PhotoArchive } from '../photo-archive';
import { PhotosService } from '../photos.service';
import { ApiFileRoute, ApiPhotoRoute, ApiWriteRoute } from './api-routes';
import { ListingAnswers } from './listing-answers';
import {
  ArchiveDto,
  BulkDeleteDto,
  BulkDeleteResultDto,
  DescriptionEditDto,
  PhotoDto,
  PhotoPageDto,
  UPLOAD_BODY_SCHEMA,
} from './photo.dto';

/**
 * The photos API for clients holding a Cognito access token. No cookies, so no CSRF: a browser
 * never attaches a Bearer token by itself. Errors are JSON (the app-wide filter).
 */
@ApiTags('photos')
@Controller('api/photos')
@BearerApi('openid')
export class PhotosApiController {
  constructor(
    private readonly photos: PhotosService,
    private readonly archives: PhotoArchive,
    private readonly listings: ListingAnswers,
    private readonly writes: WriteBudget,
    private readonly clock: Clock,
    private readonly http: HttpConfig,
  ) {}

  @Get()
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({
    name: 'sort',
    required: false,
    schema: { type: 'string', enum: ['taken', 'uploaded'], default: 'taken' },
    description: 'taken: by capture date (upload date when unknown); uploaded: by upload date',
  })
  @ApiQuery({
    name: 'takenFrom',
    required: false,
    schema: { type: 'string', format: 'date' },
    description: 'First day included (UTC), on the capture date (upload date when unknown)',
  })
  @ApiQuery({
    name: 'takenTo',
    required: false,
    schema: { type: 'string', format: 'date' },
    description: 'Last day included (UTC)',
  })
  @ApiQuery({
    name: 'q',
    required: false,
    description:
      'Search words: each must start a word of the description or original file name (accents and case aside)',
  })
  @ApiOkResponse({ type: PhotoPageDto, description: 'Your photos, newest first' })
  @ApiBadRequestResponse({ description: 'Bad limit, cursor, sort, dates or search' })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query(new ZodValidationPipe(listQuery)) query: ListQuery,
    @Res() res: Response,
  ): Promise<void> {
    const answer = await this.listings.of(user, query);
    // Express answers 304 itself when If-None-Match matches the ETag set here.
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', answer.etag);
    res.send(answer.body);
  }

  @Post()
  @ApiWriteRoute(UploadSizeGuard)
  @UseInterceptors(
    PhotoErrorsInterceptor,
    UploadIntakeInterceptor,
    FileInterceptor(API_PHOTO_FIELD),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiCreatedResponse({ type: PhotoDto, description: 'Stored; Location names the new photo' })
  @ApiBadRequestResponse({
    description: `No photo, an empty or damaged image, or a description over ${MAX_DESCRIPTION_LENGTH} characters`,
  })
  @ApiPayloadTooLargeResponse({ description: 'Larger than MAX_UPLOAD_BYTES, or too many pixels' })
  @ApiUnsupportedMediaTypeResponse({ description: `Not a ${ACCEPTED_FORMATS_TEXT} image` })
  @ApiServiceUnavailableResponse({
    description: 'Every image pipeline stayed busy for too long; see Retry-After',
  })
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body(new ZodValidationPipe(uploadFields)) fields: UploadFields,
    @Res({ passthrough: true }) res: Response,
    @ClientAbortSignal() cancelled: AbortSignal,
  ): Promise<PhotoDto> {
    const photo = await this.photos.upload(
      user,
      { file: file && uploadedFile(file), description: fields.description },
      cancelled,
    );
    res.location(`${this.http.baseUrl}/api/photos/${photo.id}`);
    return PhotoDto.from(photo, this.http.baseUrl);
  }

  /**
   * Deletes the caller's photos among the ids, each counted as one write of the minute's budget:
   * all of them go ahead, or none (429) when the budget does not hold them all.
   */
  @Post('bulk-delete')
  @HttpCode(200)
  @ApiBody({ type: BulkDeleteDto })
  @ApiOkResponse({ type: BulkDeleteResultDto })
  @ApiBadRequestResponse({ description: RULE_TEXT.badIds(MAX_BULK_DELETE_IDS) })
  @ApiTooManyRequestsResponse({
    description:
      'The photos to delete are more than the writes left this minute (nothing deleted); see Retry-After',
  })
  bulkDelete(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodValidationPipe(bulkDeleteInput)) input: SelectionInput,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BulkDeleteResultDto> {
    return this.photos.deleteMany(user, input.ids, (count) =>
      this.writes.chargeMany(user.sub, count, res),
    );
  }

  /** A read, though a POST (the ids do not fit a URL): not counted as a write. */
  @Post('archive')
  @HttpCode(200)
  @ApiBody({ type: ArchiveDto })
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description:
      'A zip of the originals byte for byte, named as uploaded (made unique), streamed as it is made; Content-Disposition: attachment; filename="photos-YYYY-MM-DD.zip". A photo whose original is missing from storage is left out and named in a last MISSING.txt entry',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiBadRequestResponse({ description: RULE_TEXT.badIds(MAX_ARCHIVE_IDS) })
  @ApiNotFoundResponse({ description: 'None of the ids is a photo of yours' })
  async archive(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodValidationPipe(archiveInput)) input: SelectionInput,
    @Res() res: Response,
  ): Promise<void> {
    await sendArchive(res, await this.archives.archive(user, input.ids), this.clock.date());
  }

  @Get(':id')
  @ApiPhotoRoute({ type: PhotoDto })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<PhotoDto> {
    return PhotoDto.from(await this.photos.get(user, id), this.http.baseUrl);
  }

  @Patch(':id')
  @ApiWriteRoute()
  @ApiPhotoRoute({ type: PhotoDto, description: 'The photo with its new description' })
  @ApiBody({ type: DescriptionEditDto })
  @ApiBadRequestResponse({
    description: `No description string, or one over ${MAX_DESCRIPTION_LENGTH} characters`,
  })
  async edit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(descriptionEdit)) edit: DescriptionEdit,
  ): Promise<PhotoDto> {
    const photo = await this.photos.updateDescription(user, id, edit.description);
    return PhotoDto.from(photo, this.http.baseUrl);
  }

  @Delete(':id')
  @ApiWriteRoute()
  @HttpCode(204)
  @ApiPhotoRoute({ status: 204, description: 'Deleted' })
  async delete(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.photos.delete(user, id);
  }

  @ApiFileRoute(
    'original',
    ACCEPTED_MEDIA_TYPES,
    'The file exactly as uploaded (metadata included), as an attachment named after the uploaded file',
  )
  original(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Res() res: Response) {
    return this.send(res, user, id, 'original');
  }

  @ApiFileRoute(
    'image',
    ['image/jpeg', 'image/png'],
    'The display copy (at most 2048 px, upright, metadata stripped), or a 302 to a short-lived URL',
  )
  image(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Res() res: Response) {
    return this.send(res, user, id, 'image');
  }

  @ApiFileRoute(
    'thumbnail',
    ['image/jpeg', 'image/png', 'image/webp'],
    'The thumbnail (fits 300x300), or a 302 to a short-lived URL',
  )
  thumbnail(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Res() res: Response) {
    return this.send(res, user, id, 'thumbnail');
  }

  private async send(
    res: Response,
    user: AuthenticatedUser,
    id: string,
    variant: PhotoVariant,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, variant));
  }
}
