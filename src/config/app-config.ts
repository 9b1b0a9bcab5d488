/** The one typed configuration object the application runs on. Built by `loadAppConfig`. */
export interface CognitoConfig {
  /** Origin of the hosted UI / OAuth endpoints, e.g. https://photos.auth.eu-west-1.amazoncognito.com */
  domain: string;
  issuer: string;
  jwksUri: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface S3Config {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
}

export interface AppConfig {
  production: boolean;
  port: number;
  /** Public origin without a trailing slash; redirect URIs are built from it. */
  baseUrl: string;
  /** Express `trust proxy` (hops in front of the app, e.g. 1 behind one load balancer). */
  trustProxy: number | boolean;
  dataDir: string;
  databaseUrl: string;
  sessionSecret: string;
  session: { idleTimeoutSeconds: number; absoluteTimeoutSeconds: number };
  cognito: CognitoConfig;
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
