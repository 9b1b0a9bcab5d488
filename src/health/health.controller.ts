import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheckErrorFilter } from './health-check-error.filter';
import { Readiness } from '../shutdown/readiness';

/**
 * For the load balancer: live = the process answers; ready = it is not shutting down and can
 * reach the database.
 */
@ApiTags('health')
@SkipThrottle()
@UseFilters(HealthCheckErrorFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const instance = this.indicators.check('instance');
        return this.readiness.accepting
          ? instance.up()
          : instance.down({ reason: 'shutting down' });
      },
      () => this.db.pingCheck('database', { timeout: 2000 }),
    ]);
  }
}
