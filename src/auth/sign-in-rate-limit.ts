import { ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';

const SIGN_IN_ROUTE = 'photos:sign-in-route';

/** Marks routes that a credential-stuffing or state-guessing client would hammer. */
export const SignInRateLimited = () => SetMetadata(SIGN_IN_ROUTE, true);

/**
 * A second, tighter throttler (RATE_LIMIT_SIGN_IN_PER_MINUTE per client IP and route) that counts
 * only on routes marked @SignInRateLimited(); the general one counts everywhere.
 */
export function signInThrottler(limitPerMinute: number): ThrottlerOptions {
  return {
    name: 'sign-in',
    ttl: 60_000,
    limit: limitPerMinute,
    skipIf: (context: ExecutionContext) =>
      !Reflect.getMetadata(SIGN_IN_ROUTE, context.getClass()) &&
      !Reflect.getMetadata(SIGN_IN_ROUTE, context.getHandler()),
  };
}
