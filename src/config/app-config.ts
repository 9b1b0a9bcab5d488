import type {
  AuthResilienceConfig,
  CognitoConfig,
  ImagePipelineConfig,
  S3Config,
  UploadIntakeConfig,
} from './config-slices';

export type {
  AuthResilienceConfig,
  CognitoConfig,
  ImagePipelineConfig,
  S3Config,
  UploadIntakeConfig,
} from './config-slices';

/**
 * The one typed configuration object the application runs on. Built by `loadAppConfig`; modules
 * inject its slices (config-slices.ts) rather than the whole object.
 */
export interface AppConfig {
  production: boolean;
  port: number;
  /** The address the server binds (HOST): 0.0.0.0 in production, 127.0.0.1 otherwise. */
  host: string;
  /** Public origin without a trailing slash; redirect URIs are built from it. */
  baseUrl: string;
  /** BASE_URL is https (worked out once, here). */
  secure: boolean;
  /** Express `trust proxy` (hops in front of the app, e.g. 1 behind one load balancer). */
  trustProxy: number | boolean;
  dataDir: string;
  databaseUrl: string;
  sessionSecret: string;
  /** The secret before the last rotation: still accepted for cookies and stored refresh tokens. */
  sessionSecretPrevious?: string;
  session: { idleTimeoutSeconds: number; absoluteTimeoutSeconds: number };
  cognito: CognitoConfig;
  authResilience: AuthResilienceConfig;
  photos: {
    storage: 'local' | 's3';
    localDir: string;
    maxUploadBytes: number;
    maxUploadFiles: number;
    listCacheSeconds: number;
    listHeartbeatSeconds: number;
    s3?: S3Config;
  };
  uploadIntake: UploadIntakeConfig;
  imagePipeline: ImagePipelineConfig;
  /** Requests a minute from one client IP to one route, counted in each instance's memory. */
  rateLimitPerMinute: number;
  /** Sign-in starts and callbacks a minute from one client IP (each route counted apart). */
  signInRateLimitPerMinute: number;
  /** Uploads and deletes (pages and API together) a minute by one user. */
  writeRateLimitPerMinute: number;
  /** How long an idle keep-alive connection stays open (longer than the load balancer's). */
  keepAliveTimeoutSeconds: number;
  shutdown: {
    /** After SIGTERM, seconds the listener stays open answering 503 on /health/ready. */
    delaySeconds: number;
    /** Then, at most this long for requests in flight to finish before connections are cut. */
    graceSeconds: number;
  };
  logLevel: string;
  /** What /info shows (INFO_PAGE_DETAIL): `minimal` by default in production. */
  infoPageDetail: 'full' | 'minimal';
  /** Whether /api/docs is served (API_DOCS): `off` by default in production. */
  apiDocs: 'public' | 'off';
  version: string;
}

/** Every settings parser's error; it lives beside the parsers' shared helper. */
export { ConfigError } from './config-error';
