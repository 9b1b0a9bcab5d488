import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RequestParams } from '../oauth/request-params';
import { sendHostedOutcome, sessionIdOf } from './http-outcome';
import { LogoutService } from './logout.service';

@Controller('logout')
export class LogoutController {
  constructor(private readonly logoutService: LogoutService) {}

  @Get()
  logout(@Req() req: Request, @Res() res: Response): void {
    sendHostedOutcome(res, this.logoutService.logout(req.query as RequestParams, sessionIdOf(req)));
  }
}
