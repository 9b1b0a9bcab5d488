import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendHostedOutcome, sessionIdOf } from './http-outcome';
import { LogoutService } from './logout.service';

@Controller('logout')
export class LogoutController {
  constructor(private readonly logoutService: LogoutService) {}

  @Get()
  logout(@Req() req: Request, @Res() res: Response): void {
    sendHostedOutcome(res, this.logoutService.logout(req.query, sessionIdOf(req)));
  }
}
