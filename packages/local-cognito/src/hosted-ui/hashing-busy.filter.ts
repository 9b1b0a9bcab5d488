import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { PasswordHashingBusyError } from '../users/hashing-queue';
import { sendHostedOutcome } from './http-outcome';

/** A sign-in or sign-up refused because too many passwords are being checked: 503, try again soon. */
@Catch(PasswordHashingBusyError)
export class HashingBusyFilter implements ExceptionFilter {
  catch(error: PasswordHashingBusyError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.setHeader('Retry-After', '2');
    sendHostedOutcome(res, {
      kind: 'page',
      status: 503,
      view: 'error',
      model: {
        pageTitle: 'Busy',
        error: 'too_many_requests',
        explanation: `${error.message} Please try again in a moment.`,
      },
    });
  }
}
