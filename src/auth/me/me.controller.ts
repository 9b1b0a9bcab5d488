import { Controller, Get, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiRequest, BearerAuthGuard } from '../../auth/guards/bearer-auth.guard';
import { RequireScopes, ScopesGuard } from '../../auth/guards/scopes.guard';
import { PhotoErrorsInterceptor } from '../http/photo-errors.interceptor';
import { MeDto } from './photo.dto';
import { MeService } from './me.service';

@ApiTags('me')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked access token' })
@ApiForbiddenResponse({ description: 'The token lacks the openid scope' })
@Controller('api/me')
@UseGuards(BearerAuthGuard, ScopesGuard)
@RequireScopes('openid')
@UseInterceptors(PhotoErrorsInterceptor)
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOkResponse({ type: MeDto, description: 'Who the access token belongs to' })
  describe(@Req() req: ApiRequest): Promise<MeDto> {
    // BearerAuthGuard set both; a route without it would be a programming error.
    return this.me.describe(req.user!, req.accessToken!);
  }
}
