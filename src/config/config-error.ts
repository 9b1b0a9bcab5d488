import type { z } from 'zod';

/**
 * Raised at start with one line per bad or missing variable (or config field). The one error type
 * of every settings parser: the app's (load-app-config.ts) and the local Cognito's.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }

  /** One `NAME: problem` line per zod issue, NAME being the variable or field it is about. */
  static fromZod(error: z.ZodError): ConfigError {
    return new ConfigError([
      ...new Set(error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ]);
  }
}
