import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ClientRegistry } from '../oauth/client-registry';
import { sendHostedOutcome } from './http-outcome';
import { errorPage } from './pages';

/**
 * GET /error?error=…&client_id=…: where refused requests land instead of going back to the app.
 * A client this pool knows gets a link back to its registered home; an unknown one gets none.
 */
@Controller('error')
export class ErrorPageController {
  constructor(private readonly clients: ClientRegistry) {}

  @Get()
  show(
    @Query('error') error: unknown,
    @Query('client_id') clientId: unknown,
    @Res() res: Response,
  ): void {
    const text = (value: unknown) =>
      typeof value === 'string' && value !== '' ? value : undefined;
    const id = text(clientId);
    sendHostedOutcome(res, errorPage(text(error), id, this.clients.find(id)));
  }
}
