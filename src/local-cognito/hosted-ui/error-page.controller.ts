import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendHostedOutcome } from './http-outcome';
import { errorPage } from './pages';

/** GET /error?error=…&client_id=…: where refused requests land instead of going back to the app. */
@Controller('error')
export class ErrorPageController {
  @Get()
  show(
    @Query('error') error: unknown,
    @Query('client_id') clientId: unknown,
    @Res() res: Response,
  ): void {
    const text = (value: unknown) =>
      typeof value === 'string' && value !== '' ? value : undefined;
    sendHostedOutcome(res, errorPage(text(error), text(clientId)));
  }
}
