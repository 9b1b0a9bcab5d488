/**
 * What the benchmarks share: the test stack's own builder (test/support), so a benchmark runs the
 * app exactly as the e2e suites do: PostgreSQL (embedded, started as the test run's global set-up
 * starts it, unless DATABASE_URL names one), the local Cognito, and the app built by the same
 * `createApp` main.ts uses.
 */
import type { RunningLocalCognito } from '../../packages/local-cognito/src/local-cognito.server';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { type StackOptions, TestStack } from '../../test/support/test-stack';

export interface Running {
  baseUrl: string;
  idp: RunningLocalCognito;
  env: Record<string, string>;
  stack: TestStack;
  stop(): Promise<void>;
}

/** One client address sends everything in a benchmark: no rate limit should get in the way. */
const UNTHROTTLED = {
  RATE_LIMIT_PER_MINUTE: '10000000',
  RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000000',
  RATE_LIMIT_WRITES_PER_MINUTE: '10000000',
};

/**
 * PostgreSQL, the local Cognito and (unless `startApp: false`) the app in this process. `_name`
 * is kept for the callers' sake; the test stack names its own directories.
 */
export async function startEverything(_name: string, options: StackOptions = {}): Promise<Running> {
  await globalSetup();
  let stack: TestStack;
  try {
    stack = await TestStack.start({ ...options, env: { ...UNTHROTTLED, ...options.env } });
  } catch (error) {
    await globalTeardown();
    throw error;
  }
  return {
    baseUrl: stack.baseUrl,
    get idp() {
      return stack.idp;
    },
    env: stack.env,
    stack,
    stop: async () => {
      await stack.close();
      await globalTeardown();
    },
  };
}
