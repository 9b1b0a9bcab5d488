import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { displayName } from '../../auth/authenticated-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { BearerApi } from '../../auth/guards/bearer-api.decorator';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { HttpConfig } from '../../config/config-slices';
import { ApiWriteRoute } from '../../photos/api/api-routes';
import { WriteBudget } from '../../rate-limit/write-budget';
import { refundWhenBusy } from '../http/refund-when-busy';
import { createShareInput, type CreateShareInput } from '../share-input';
import { SHARE_TEXT } from '../share-rules';
import { SharesService } from '../shares.service';
import { CreateShareDto, ShareDto, ShareListDto } from './share.dto';

/** The owner's share links through the API; visitors use /s/TOKEN. */
@ApiTags('shares')
@Controller('api/shares')
@BearerApi('openid')
export class SharesApiController {
  constructor(
    private readonly shares: SharesService,
    private readonly http: HttpConfig,
    private readonly writes: WriteBudget,
  ) {}

  @Get()
  @ApiOkResponse({ type: ShareListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<ShareListDto> {
    const links = await this.shares.list(user);
    return { items: links.map((link) => ShareDto.from(link, this.http.baseUrl)) };
  }

  @Post()
  @ApiWriteRoute()
  @ApiBody({ type: CreateShareDto })
  @ApiCreatedResponse({ type: ShareDto })
  @ApiBadRequestResponse({
    description: `${SHARE_TEXT.targetInvalid} ${SHARE_TEXT.expiryInPast} ${SHARE_TEXT.passwordLength}`,
  })
  @ApiNotFoundResponse({ description: SHARE_TEXT.targetNotFound })
  @ApiServiceUnavailableResponse({
    description: `With a password: ${SHARE_TEXT.hashingBusy} (see Retry-After; nothing made or counted)`,
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ZodValidationPipe(createShareInput)) input: CreateShareInput,
  ): Promise<ShareDto> {
    const share = await refundWhenBusy(this.writes, user.sub, () =>
      this.shares.create(
        { ...user, displayName: displayName(user) },
        {
          target: input.photoId
            ? { kind: 'photo', id: input.photoId }
            : { kind: 'album', id: input.albumId! },
          expiresAt: input.expiresAt,
          allowDownload: input.allowDownload,
          password: input.password,
        },
      ),
    );
    return ShareDto.from(share, this.http.baseUrl);
  }

  @Delete(':id')
  @ApiWriteRoute()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the link stops working at once' })
  @ApiNotFoundResponse({ description: SHARE_TEXT.noSuchLink })
  async revoke(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.shares.revoke(user, id);
  }
}
