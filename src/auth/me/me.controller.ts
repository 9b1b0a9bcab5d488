import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BearerApi } from '../guards/bearer-api.decorator';
import type { ApiRequest } from '../guards/bearer-auth.guard';
import { MeDto } from './me.dto';
import { MeService } from './me.service';

@ApiTags('me')
@Controller('api/me')
@BearerApi('openid')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOkResponse({ type: MeDto, description: 'Who the access token belongs to' })
  describe(@Req() req: ApiRequest): Promise<MeDto> {
    // BearerAuthGuard set both; a route without it would be a programming error.
    return this.me.describe(req.user!, req.accessToken!);
  }
}
