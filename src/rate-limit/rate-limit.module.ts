import { Module } from '@nestjs/common';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { ThrottlerStorageRouter } from './throttler-storage-router';
import { WriteBudget } from './write-budget';
import { WriteRateLimitGuard } from './write-rate-limit.guard';

/** Abuse limits shared by every instance: the throttler's PostgreSQL storage and per-user writes. */
@Module({
  providers: [PgThrottlerStorage, ThrottlerStorageRouter, WriteRateLimitGuard, WriteBudget],
  exports: [PgThrottlerStorage, ThrottlerStorageRouter, WriteRateLimitGuard, WriteBudget],
})
export class RateLimitModule {}
