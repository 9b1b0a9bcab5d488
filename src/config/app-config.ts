import type { AuthResilienceConfig, CognitoConfig, S3Config } from './config-slices';

export type { AuthResilienceConfig, CognitoConfig, S3Config } from './config-slices';

/**
 * The one typed configuration object the application runs on. Built by `loadAppConfig`; modules
 * inject its slices (config-slices.ts) rather than the whole object.
 */
export interface AppConfig {
  production: boolean;
  port: number;
  /** Public origin without a trailing slash; redirect URIs are built from it. */
  baseUrl: string;
  /** BASE_URL is https (worked out once, here). */
  secure: boolean;
  /** Express `trust proxy` (hops in front of the app, e.g. 1 behind one load balancer). */
  trustProxy: number | boolean;
  dataDir: string;
  databaseUrl: string;
  sessionSecret: string;
  session: { idleTimeoutSeconds: number; absoluteTimeoutSeconds: number };
  cognito: CognitoConfig;
  authResilience: AuthResilienceConfig;
  photos: {
    storage: 'local' | 's3';
    localDir: string;
    maxUploadBytes: number;
    s3?: S3Config;
  };
  /** Requests a minute from one client IP to one route (per instance); sign-in routes get a tenth. */
  rateLimitPerMinute: number;
  logLevel: string;
  version: string;
}

/** Raised at start with one line per bad or missing variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
