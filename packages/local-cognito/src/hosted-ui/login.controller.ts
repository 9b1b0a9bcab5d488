import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rawQueryOf } from '../oauth/request-params';
import { formBodyOf } from '../support/http';
import { HashingBusyFilter } from './hashing-busy.filter';
import { csrfStateFor } from './csrf-state';
import { FormCsrf } from './form-csrf';
import { sendHostedOutcome } from './http-outcome';
import { LoginService } from './login.service';

@UseFilters(HashingBusyFilter)
@Controller('login')
export class LoginController {
  constructor(
    private readonly login: LoginService,
    private readonly csrf: FormCsrf,
  ) {}

  @Get()
  show(@Req() req: Request, @Res() res: Response): void {
    const { token } = csrfStateFor(this.csrf, req, res);
    sendHostedOutcome(res, this.login.showForm(req.query, rawQueryOf(req.originalUrl), token));
  }

  @Post()
  async submit(@Req() req: Request, @Res() res: Response): Promise<void> {
    const csrf = csrfStateFor(this.csrf, req, res);
    const outcome = await this.login.signIn(
      req.query,
      rawQueryOf(req.originalUrl),
      formBodyOf(req),
      csrf,
      req.socket.remoteAddress,
    );
    sendHostedOutcome(res, outcome);
  }
}
