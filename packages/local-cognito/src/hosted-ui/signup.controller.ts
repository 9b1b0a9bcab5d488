import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rawQueryOf } from '../oauth/request-params';
import { formBodyOf } from '../support/http';
import { HashingBusyFilter } from './hashing-busy.filter';
import { csrfStateFor } from './csrf-state';
import { FormCsrf } from './form-csrf';
import { sendHostedOutcome } from './http-outcome';
import { SignUpService } from './signup.service';

@UseFilters(HashingBusyFilter)
@Controller('signup')
export class SignUpController {
  constructor(
    private readonly signUpService: SignUpService,
    private readonly csrf: FormCsrf,
  ) {}

  @Get()
  show(@Req() req: Request, @Res() res: Response): void {
    const { token } = csrfStateFor(this.csrf, req, res);
    sendHostedOutcome(
      res,
      this.signUpService.showForm(req.query, rawQueryOf(req.originalUrl), token),
    );
  }

  @Post()
  async submit(@Req() req: Request, @Res() res: Response): Promise<void> {
    const csrf = csrfStateFor(this.csrf, req, res);
    const params = req.query;
    const outcome = await this.signUpService.signUp(
      params,
      rawQueryOf(req.originalUrl),
      formBodyOf(req),
      csrf,
    );
    sendHostedOutcome(res, outcome);
  }
}
