import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { BearerApi } from '../../auth/guards/bearer-api.decorator';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { HttpConfig } from '../../config/config-slices';
import { ApiWriteRoute } from '../../photos/api/api-routes';
import { PhotoDto, PhotoPageDto } from '../../photos/api/photo.dto';
import { listQuery, type ListQuery } from '../../photos/photo-input';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../photos/photo-rules';
import {
  addPhotosInput,
  type AddPhotosInput,
  albumNameInput,
  type AlbumNameInput,
} from '../album-input';
import { ALBUM_TEXT } from '../album-rules';
import { AlbumsService } from '../albums.service';
import {
  AddPhotosDto,
  AddPhotosResultDto,
  AlbumDto,
  AlbumListDto,
  AlbumNameDto,
} from './album.dto';

const NOT_YOURS = { description: 'No such album of yours' };

/** The albums API for holders of a Cognito access token; the rules live in AlbumsService. */
@ApiTags('albums')
@Controller('api/albums')
@BearerApi('openid')
export class AlbumsApiController {
  constructor(
    private readonly albums: AlbumsService,
    private readonly http: HttpConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: AlbumListDto, description: 'Your albums, newest first' })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<AlbumListDto> {
    return { items: (await this.albums.list(user)).map((album) => AlbumDto.from(album)) };
  }

  @Post()
  @ApiWriteRoute()
  @ApiBody({ type: AlbumNameDto })
  @ApiCreatedResponse({ type: AlbumDto })
  @ApiBadRequestResponse({ description: ALBUM_TEXT.nameInvalid })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodValidationPipe(albumNameInput)) input: AlbumNameInput,
  ): Promise<AlbumDto> {
    return AlbumDto.from(await this.albums.create(user, input.name));
  }

  @Get(':id')
  @ApiOkResponse({ type: AlbumDto })
  @ApiNotFoundResponse(NOT_YOURS)
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<AlbumDto> {
    return AlbumDto.from(await this.albums.get(user, id));
  }

  @Patch(':id')
  @ApiWriteRoute()
  @ApiBody({ type: AlbumNameDto })
  @ApiOkResponse({ type: AlbumDto, description: 'Renamed' })
  @ApiBadRequestResponse({ description: ALBUM_TEXT.nameInvalid })
  @ApiNotFoundResponse(NOT_YOURS)
  async rename(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(albumNameInput)) input: AlbumNameInput,
  ): Promise<AlbumDto> {
    return AlbumDto.from(await this.albums.rename(user, id, input.name));
  }

  @Delete(':id')
  @ApiWriteRoute()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; its photos stay, its share links stop' })
  @ApiNotFoundResponse(NOT_YOURS)
  async delete(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.albums.delete(user, id);
  }

  @Get(':id/photos')
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiOkResponse({ type: PhotoPageDto, description: 'The album’s photos, newest taken first' })
  @ApiBadRequestResponse({ description: 'Bad limit or cursor' })
  @ApiNotFoundResponse(NOT_YOURS)
  async photos(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(listQuery)) query: ListQuery,
  ): Promise<PhotoPageDto> {
    const page = await this.albums.photos(user, id, query);
    return {
      items: page.items.map((photo) => PhotoDto.from(photo, this.http.baseUrl)),
      nextCursor: page.nextCursor ?? null,
    };
  }

  @Post(':id/photos')
  @ApiWriteRoute()
  @HttpCode(200)
  @ApiBody({ type: AddPhotosDto })
  @ApiOkResponse({ type: AddPhotosResultDto })
  @ApiBadRequestResponse({ description: ALBUM_TEXT.idsInvalid })
  @ApiNotFoundResponse(NOT_YOURS)
  addPhotos(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(addPhotosInput)) input: AddPhotosInput,
  ): Promise<AddPhotosResultDto> {
    return this.albums.addPhotos(user, id, input.ids);
  }

  @Delete(':id/photos/:photoId')
  @ApiWriteRoute()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed from the album; the photo itself stays' })
  @ApiNotFoundResponse({ description: 'No such album of yours, or the photo is not in it' })
  async removePhoto(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('photoId') photoId: string,
  ): Promise<void> {
    await this.albums.removePhoto(user, id, photoId);
  }
}
