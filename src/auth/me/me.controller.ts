import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiRequest, BearerAuthGuard } from '../guards/bearer-auth.guard';
import { RequireScopes, ScopesGuard } from '../guards/scopes.guard';
import { MeDto } from './me.dto';
import { MeService } from './me.service';

@ApiTags('me')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked access token' })
@ApiForbiddenResponse({ description: 'The token lacks the openid scope' })
@Controller('api/me')
@UseGuards(BearerAuthGuard, ScopesGuard)
@RequireScopes('openid')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOkResponse({ type: MeDto, description: 'Who the access token belongs to' })
  describe(@Req() req: ApiRequest): Promise<MeDto> {
    // BearerAuthGuard set both; a route without it would be a programming error.
    return this.me.describe(req.user!, req.accessToken!);
  }
}
