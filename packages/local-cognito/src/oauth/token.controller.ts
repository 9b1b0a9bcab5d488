import { Controller, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { formBodyOf, headerOf, noStore, sendJson } from '../support/http';
import { OAuthErrorFilter } from './oauth-error.filter';
import { RevocationService } from './revocation.service';
import { TokenService } from './token.service';

@Controller('oauth2')
@UseFilters(OAuthErrorFilter)
export class TokenController {
  constructor(
    private readonly tokens: TokenService,
    private readonly revocation: RevocationService,
  ) {}

  @Post('token')
  async token(@Req() req: Request, @Res() res: Response): Promise<void> {
    const response = await this.tokens.grant(formBodyOf(req), headerOf(req, 'authorization'));
    noStore(res);
    sendJson(res, 200, response);
  }

  /** 200 with an empty body, also for unknown or already revoked tokens. */
  @Post('revoke')
  async revoke(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.revocation.revoke(formBodyOf(req), headerOf(req, 'authorization'));
    noStore(res);
    res.status(200).end();
  }
}
