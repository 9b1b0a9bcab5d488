import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendHostedOutcome, sessionIdOf } from '../hosted-ui/http-outcome';
import { AuthorizeService } from './authorize.service';
import { rawQueryOf } from './request-params';

@Controller('oauth2')
export class AuthorizeController {
  constructor(private readonly authorizeService: AuthorizeService) {}

  @Get('authorize')
  authorize(@Req() req: Request, @Res() res: Response): void {
    const outcome = this.authorizeService.authorize(
      req.query,
      rawQueryOf(req.originalUrl),
      sessionIdOf(req),
    );
    sendHostedOutcome(res, outcome);
  }
}
