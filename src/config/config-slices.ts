/**
 * Typed configuration slices, one per area, provided globally by `ConfigSlicesModule`.
 *
 * How to use one: ask for it by class, e.g. `constructor(private readonly http: HttpConfig) {}`,
 * or in a factory provider `inject: [PhotosConfig], useFactory: (photos: PhotosConfig) => …`.
 * The values are plain, frozen objects built once from the validated `AppConfig` (by
 * config-slices.module.ts); derived values (such as `HttpConfig.secure`) are worked out in
 * load-app-config.ts, once.
 * To add a setting: add it to the schema in load-app-config.ts, to `AppConfig`, to a slice here
 * and to `configSlices` in config-slices.module.ts.
 * Never read `process.env` or a string-keyed `ConfigService.get('…')` anywhere else.
 *
 * The classes are only injection tokens and types: nothing constructs them.
 */

/** The public face of the app. */
export abstract class HttpConfig {
  /** Public origin without a trailing slash; redirect URIs are built from it. */
  declare readonly baseUrl: string;
  /** BASE_URL is https: cookies get `Secure`, HSTS and upgrade-insecure-requests are on. */
  declare readonly secure: boolean;
  /** Express `trust proxy` (hops in front of the app, e.g. 1 behind one load balancer). */
  declare readonly trustProxy: number | boolean;
  declare readonly port: number;
  /** The address the server binds (HOST). */
  declare readonly host: string;
  declare readonly production: boolean;
  /** The package version, shown on the instance page and in the OpenAPI document. */
  declare readonly version: string;
  /**
   * What /info tells anyone (INFO_PAGE_DETAIL): `full` names the host and the exact Node and
   * PostgreSQL versions (a database query per request); `minimal` an opaque instance id, the
   * version and the uptime.
   */
  declare readonly infoPageDetail: 'full' | 'minimal';
}

export abstract class SessionConfig {
  declare readonly secret: string;
  /** SESSION_SECRET before the last rotation: still verifies cookies and decrypts refresh tokens. */
  declare readonly previousSecret?: string;
  declare readonly idleTimeoutSeconds: number;
  declare readonly absoluteTimeoutSeconds: number;
}

export abstract class CognitoConfig {
  /** Origin of the hosted UI / OAuth endpoints, e.g. https://photos.auth.eu-west-1.amazoncognito.com */
  declare readonly domain: string;
  declare readonly issuer: string;
  declare readonly jwksUri: string;
  declare readonly clientId: string;
  declare readonly clientSecret: string;
  declare readonly scopes: readonly string[];
  /**
   * A public app client (no secret) for API users (COGNITO_API_CLIENT_ID): Swagger UI's
   * "Authorize" and scripts sign in with it (code flow + PKCE), and the API accepts its access
   * tokens. Undefined: only the web client's tokens, and /api/docs offers no "Authorize" flow.
   */
  declare readonly apiClientId?: string;
}

/** How the app rides out a slow, down or abused Cognito (issue 8). */
export abstract class AuthResilienceConfig {
  /** Age after which the cached JWKS is refetched, in the background (JWKS_CACHE_SECONDS). */
  declare readonly jwksCacheSeconds: number;
  /** Past this age a JWKS that could not be refetched is no longer used: 503 (JWKS_MAX_STALE_SECONDS). */
  declare readonly jwksMaxStaleSeconds: number;
  /** After a JWKS fetch, a token with an unknown kid is refused without refetching for this long. */
  declare readonly jwksUnknownKidPenaltySeconds: number;
  /** How long a session may run on expired tokens while Cognito cannot be reached (COGNITO_OUTAGE_GRACE_SECONDS). */
  declare readonly refreshOutageGraceSeconds: number;
  /** How often revocations that failed at sign-out are retried (REVOCATION_RETRY_SECONDS). */
  declare readonly revocationRetrySeconds: number;
  /**
   * How long Cognito's answer on an access token (still good, per userInfo) stands before an API
   * write asks again: the longest a refresh token revoked at Cognito keeps writing (REVOCATION_CHECK_SECONDS, ≤ 60).
   */
  declare readonly revocationCheckSeconds: number;
}

export interface S3Config {
  readonly bucket: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
}

export abstract class PhotosConfig {
  declare readonly storage: 'local' | 's3';
  declare readonly localDir: string;
  /** The one upload size limit: multer, the guard, the service, the page and messages read it. */
  declare readonly maxUploadBytes: number;
  /**
   * Files one upload form may send at once (MAX_UPLOAD_FILES), each up to maxUploadBytes; the
   * JSON API still takes one photo per request.
   */
  declare readonly maxUploadFiles: number;
  /**
   * How long an instance may answer GET /api/photos, and show the grid's cards, from its in-memory
   * copy (PHOTO_LIST_CACHE_SECONDS, 0: never). Writes drop it at once on their own instance and, by PostgreSQL NOTIFY, on others.
   */
  declare readonly listCacheSeconds: number;
  /**
   * The LISTEN connection answers a query this often (PHOTO_LIST_HEARTBEAT_SECONDS), or the cache
   * goes off at once: a connection that died silently (NAT, failover) would otherwise be trusted.
   */
  declare readonly listHeartbeatSeconds: number;
  declare readonly s3?: S3Config;
}

/** Bounds on upload bodies in flight: slow, stalled, or too many at once (issue 8). */
export abstract class UploadIntakeConfig {
  /** A body that sends nothing for this long is dropped (UPLOAD_STALL_TIMEOUT_SECONDS). */
  declare readonly stallTimeoutSeconds: number;
  /** Uploads in progress (body arriving or image being processed) on this instance. */
  declare readonly maxInProgress: number;
  /** Of those, at most this many for one user. */
  declare readonly maxInProgressPerUser: number;
  /** Bodies are spooled here (in a private per-process directory), not held in memory. */
  declare readonly spoolDir: string;
  /** Bytes of bodies in the spool at once on this instance (UPLOAD_SPOOL_MAX_BYTES). */
  declare readonly spoolMaxBytes: number;
  /** Of those, for one user; undefined: one upload form's largest body. */
  declare readonly spoolMaxBytesPerUser?: number;
  /** No upload starts while the spool's file system would keep less than this free. */
  declare readonly spoolMinFreeBytes: number;
  /** A body slower than this over any stall period is dropped (0: only a stalled one). */
  declare readonly minBytesPerSecond: number;
}

/** The image pipelines: how many run at once, and how long an upload may wait for one. */
export abstract class ImagePipelineConfig {
  /** IMAGE_CONCURRENCY, one per core by default. */
  declare readonly concurrency: number;
  declare readonly queueTimeoutSeconds: number;
}

export abstract class DatabaseConfig {
  declare readonly url: string;
}

/** Abuse limits, counted in PostgreSQL so every instance sees the same counts. */
export abstract class RateLimitConfig {
  /** Requests a minute from one client IP to one route. */
  declare readonly perMinute: number;
  /** Sign-in starts and callbacks a minute from one client IP (each route counted apart). */
  declare readonly signInPerMinute: number;
  /** Uploads and deletes (pages and API together) a minute by one user. */
  declare readonly writesPerMinute: number;
}

/** What SIGTERM does: readiness fails at once, the listener closes after a delay, requests drain. */
export abstract class ShutdownConfig {
  declare readonly delaySeconds: number;
  declare readonly graceSeconds: number;
}

export abstract class LoggingConfig {
  declare readonly level: string;
}
