import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * A failing check answers terminus's own JSON (`{ status: 'error', error: { database: … } }`,
 * naming each dependency that is down), for load balancers and operators, never an HTML page.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckErrorFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.status(exception.getStatus()).setHeader('Cache-Control', 'no-store');
    res.json(exception.getResponse());
  }
}
