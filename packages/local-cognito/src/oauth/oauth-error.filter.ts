import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { noStore, sendJson } from '../support/http';
import { OAuthError } from './oauth-error';
import { MalformedParameterError } from './request-params';

/** Token and revocation errors as Cognito sends them: `{"error": "…"}` with its content type. */
@Catch(OAuthError, MalformedParameterError)
export class OAuthErrorFilter implements ExceptionFilter {
  catch(exception: OAuthError | MalformedParameterError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = exception instanceof OAuthError ? exception : new OAuthError('invalid_request');
    noStore(res);
    sendJson(res, error.status, { error: error.error });
  }
}
