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
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { BearerAuthGuard } from '../../auth/guards/bearer-auth.guard';
import { RequireScopes, ScopesGuard } from '../../auth/guards/scopes.guard';
import { HttpConfig } from '../../config/config-slices';
import { PhotoErrorsInterceptor } from '../http/photo-errors.interceptor';
import { sendPhotoFile } from '../http/send-photo-file';
import { uploadedFile } from '../http/uploaded-file';
import { UploadSizeGuard } from '../http/upload-size.guard';
import { WriteRateLimitGuard } from '../../rate-limit/write-rate-limit.guard';
import { ClientAbortSignal } from '../intake/client-abort-signal.decorator';
import { UploadIntakeInterceptor } from '../intake/upload-intake.interceptor';
import {
  ACCEPTED_FORMATS_TEXT,
  ACCEPTED_MEDIA_TYPES,
  DEFAULT_PAGE_SIZE,
  MAX_DESCRIPTION_LENGTH,
  MAX_PAGE_SIZE,
} from '../photo-rules';
import {
  descriptionEdit,
  type DescriptionEdit,
  listQuery,
  type ListQuery,
  uploadFields,
  type UploadFields,
} from '../photo-input';
import { PhotosService } from '../photos.service';
import { DescriptionEditDto, PhotoDto, PhotoPageDto, UPLOAD_BODY_SCHEMA } from './photo.dto';

/**
 * The photos API for clients holding a Cognito access token. No cookies, so no CSRF: a browser
 * never attaches a Bearer token by itself. Errors are JSON (the app-wide filter).
 */
@ApiTags('photos')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@ApiForbiddenResponse({ description: 'The token lacks the openid scope' })
@Controller('api/photos')
@UseGuards(BearerAuthGuard, ScopesGuard)
@RequireScopes('openid')
@UseInterceptors(PhotoErrorsInterceptor)
export class PhotosApiController {
  constructor(
    private readonly photos: PhotosService,
    private readonly http: HttpConfig,
  ) {}

  @Get()
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiOkResponse({ type: PhotoPageDto, description: 'Your photos, newest first' })
  @ApiBadRequestResponse({ description: 'Bad limit or cursor' })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query(new ZodValidationPipe(listQuery)) query: ListQuery,
  ): Promise<PhotoPageDto> {
    const page = await this.photos.list(user, query);
    return {
      items: page.items.map((photo) => PhotoDto.from(photo, this.http.baseUrl)),
      nextCursor: page.nextCursor ?? null,
    };
  }

  @Post()
  @UseGuards(WriteRateLimitGuard, UploadSizeGuard)
  @UseInterceptors(UploadIntakeInterceptor, FileInterceptor('photo'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiCreatedResponse({ type: PhotoDto, description: 'Stored; Location names the new photo' })
  @ApiBadRequestResponse({
    description: `No photo, an empty or damaged image, or a description over ${MAX_DESCRIPTION_LENGTH} characters`,
  })
  @ApiPayloadTooLargeResponse({ description: 'Larger than MAX_UPLOAD_BYTES, or too many pixels' })
  @ApiUnsupportedMediaTypeResponse({
    description: `Not a ${ACCEPTED_FORMATS_TEXT} image`,
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many uploads in progress (yours, or on this server); see Retry-After',
  })
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

  @Get(':id')
  @ApiOkResponse({ type: PhotoDto })
  @ApiNotFoundResponse({ description: 'No such photo of yours' })
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<PhotoDto> {
    return PhotoDto.from(await this.photos.get(user, id), this.http.baseUrl);
  }

  @Patch(':id')
  @UseGuards(WriteRateLimitGuard)
  @ApiBody({ type: DescriptionEditDto })
  @ApiOkResponse({ type: PhotoDto, description: 'The photo with its new description' })
  @ApiBadRequestResponse({
    description: `No description string, or one over ${MAX_DESCRIPTION_LENGTH} characters`,
  })
  @ApiNotFoundResponse({ description: 'No such photo of yours' })
  async edit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(descriptionEdit)) edit: DescriptionEdit,
  ): Promise<PhotoDto> {
    const photo = await this.photos.updateDescription(user, id, edit.description);
    return PhotoDto.from(photo, this.http.baseUrl);
  }

  @Delete(':id')
  @UseGuards(WriteRateLimitGuard)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such photo of yours' })
  async delete(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.photos.delete(user, id);
  }

  @Get(':id/original')
  @ApiProduces(...ACCEPTED_MEDIA_TYPES)
  @ApiOkResponse({
    description:
      'The file exactly as uploaded (metadata included), as an attachment named after the uploaded file',
  })
  @ApiNotFoundResponse({ description: 'No such photo of yours' })
  async original(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, 'original'));
  }

  @Get(':id/image')
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOkResponse({
    description:
      'The display copy (at most 2048 px, upright, metadata stripped), or a 302 to a short-lived URL',
  })
  @ApiNotFoundResponse({ description: 'No such photo of yours' })
  async image(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, 'image'));
  }

  @Get(':id/thumbnail')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse({ description: 'The thumbnail (fits 300x300), or a 302 to a short-lived URL' })
  @ApiNotFoundResponse({ description: 'No such photo of yours' })
  async thumbnail(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendPhotoFile(res, await this.photos.open(user, id, 'thumbnail'));
  }
}
