import type { z } from 'zod';

/**
 * Raised at start with one line per bad or missing variable (or config field). The one error type
 * of the local Cognito's settings parser (the app has its own copy: this package shares no code).
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
