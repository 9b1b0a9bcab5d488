import { Global, Module } from '@nestjs/common';
import { Readiness } from './readiness';

/** The instance's readiness, flipped by the graceful shutdown and read by /health/ready. */
@Global()
@Module({ providers: [Readiness], exports: [Readiness] })
export class ShutdownModule {}
