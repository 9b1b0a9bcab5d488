import {
  Catch,
  Controller,
  Get,
  Req,
  Res,
  UseFilters,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { headerOf, noStore, sendJson } from '../support/http';
import { BearerTokenError, UserInfoService } from './userinfo.service';

/** Cognito's userInfo errors carry only the WWW-Authenticate header (docs/COGNITO.md §6). */
@Catch(BearerTokenError)
class BearerTokenErrorFilter implements ExceptionFilter {
  catch(exception: BearerTokenError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.setHeader('WWW-Authenticate', `Bearer error="${exception.error}"`);
    noStore(res);
    res.status(exception.status).end();
  }
}

@Controller('oauth2')
@UseFilters(BearerTokenErrorFilter)
export class UserInfoController {
  constructor(private readonly userInfo: UserInfoService) {}

  @Get('userInfo')
  async get(@Req() req: Request, @Res() res: Response): Promise<void> {
    const claims = await this.userInfo.userInfo(headerOf(req, 'authorization'));
    noStore(res);
    sendJson(res, 200, claims);
  }
}
