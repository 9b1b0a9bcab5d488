import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AWS_REGION_PATTERN, USER_POOL_ID_PATTERN } from './aws-identifiers';
import {
  DEFAULT_COGNITO_SCOPES,
  DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS,
  DEFAULT_SESSION_ABSOLUTE_TIMEOUT_SECONDS,
  DEFAULT_SESSION_IDLE_TIMEOUT_SECONDS,
} from './defaults';
import {
  AppConfig,
  AuthResilienceConfig,
  CognitoConfig,
  ConfigError,
  S3Config,
} from './app-config';

type Env = Record<string, string | undefined>;

const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/**
 * Where the app listens unless HOST says otherwise: in production every interface (a container's
 * load balancer reaches it from outside); elsewhere this machine only, so a development app with
 * its demo user and local Cognito is never open to the network it happens to be on.
 */
const ALL_IPV4_INTERFACES = '0.0.0.0';
const LOOPBACK = '127.0.0.1';

const positiveInt = z.coerce.number().int().positive();
const url = (schemes: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL (${schemes.join(' or ')})`,
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z
    .string()
    .refine(
      (value) => isIP(value) !== 0,
      'must be an IP address to listen on: 0.0.0.0 (every IPv4 interface), :: (every interface) or 127.0.0.1 (this machine only)',
    )
    .optional(),
  BASE_URL: url(['http:', 'https:']).optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+)$/, 'must be true, false or a number of hops')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_TIMEOUT: positiveInt.default(DEFAULT_SESSION_IDLE_TIMEOUT_SECONDS),
  SESSION_ABSOLUTE_TIMEOUT: positiveInt.default(DEFAULT_SESSION_ABSOLUTE_TIMEOUT_SECONDS),
  COGNITO_DOMAIN: z.string().min(1).optional(),
  COGNITO_REGION: z
    .string()
    .regex(AWS_REGION_PATTERN, 'must be an AWS region such as eu-west-1')
    .optional(),
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(USER_POOL_ID_PATTERN, 'must look like eu-west-1_AbC123')
    .optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  COGNITO_CLIENT_SECRET: z.string().min(1).optional(),
  COGNITO_API_CLIENT_ID: z.string().min(1).optional(),
  COGNITO_ISSUER: url(['http:', 'https:']).optional(),
  COGNITO_SCOPES: z.string().default(DEFAULT_COGNITO_SCOPES.join(' ')),
  JWKS_CACHE_SECONDS: positiveInt.default(10 * 60),
  JWKS_MAX_STALE_SECONDS: positiveInt.default(24 * 60 * 60),
  JWKS_UNKNOWN_KID_PENALTY_SECONDS: positiveInt.default(10),
  COGNITO_OUTAGE_GRACE_SECONDS: positiveInt.default(5 * 60),
  REVOCATION_RETRY_SECONDS: positiveInt.default(60),
  // At most a minute: the promise is that a refresh token revoked at Cognito stops writes within it.
  REVOCATION_CHECK_SECONDS: positiveInt.max(60, 'must be at most 60').default(30),
  PHOTO_STORAGE: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  MAX_UPLOAD_BYTES: positiveInt.default(DEFAULT_MAX_UPLOAD_BYTES),
  // One form post may carry this many files; its body may be this many times MAX_UPLOAD_BYTES.
  MAX_UPLOAD_FILES: positiveInt.max(100).default(20),
  // Bounds how long another instance's write may stay unseen if its notification were lost; 0: off.
  PHOTO_LIST_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  // How often the listing cache's LISTEN connection must answer; one missed beat turns it off.
  PHOTO_LIST_HEARTBEAT_SECONDS: positiveInt.max(60).default(5),
  UPLOAD_STALL_TIMEOUT_SECONDS: positiveInt.default(30),
  UPLOADS_MAX_IN_PROGRESS: positiveInt.default(32),
  UPLOADS_MAX_IN_PROGRESS_PER_USER: positiveInt.default(4),
  UPLOAD_SPOOL_DIR: z.string().min(1).optional(),
  // Bytes of upload bodies on this instance's spool at once, and per user (unset: one upload
  // form's largest body, MAX_UPLOAD_FILES × MAX_UPLOAD_BYTES and the form around them).
  UPLOAD_SPOOL_MAX_BYTES: positiveInt.default(4 * 2 ** 30),
  UPLOAD_SPOOL_MAX_BYTES_PER_USER: positiveInt.optional(),
  // No upload starts while the spool's file system would keep less than this free.
  UPLOAD_SPOOL_MIN_FREE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(2 ** 30),
  // A body slower than this over any UPLOAD_STALL_TIMEOUT_SECONDS is dropped; 0: only a stall is.
  UPLOAD_MIN_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(0)
    .default(8 * 1024),
  // About one pipeline per core: more only adds memory (each holds decoded pixels), not speed.
  IMAGE_CONCURRENCY: positiveInt.default(availableParallelism()),
  IMAGE_QUEUE_TIMEOUT_SECONDS: positiveInt.default(30),
  RATE_LIMIT_PER_MINUTE: positiveInt.default(1000),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_WRITES_PER_MINUTE: positiveInt.default(60),
  // Longer than the load balancer's idle timeout (an ALB's is 60 s by default): see app.factory.ts.
  KEEP_ALIVE_TIMEOUT_SECONDS: positiveInt.max(4000).default(DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS),
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(300).default(5),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(20),
  // What /info shows: `full` (hostname, exact Node and PostgreSQL versions) or `minimal` (an
  // opaque instance id, the app version, uptime; no database query). Default: minimal in production.
  INFO_PAGE_DETAIL: z.enum(['full', 'minimal']).optional(),
  // Swagger UI and the OpenAPI document at /api/docs: `public` or `off`. Default: off in production.
  API_DOCS: z.enum(['public', 'off']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type ParsedEnv = z.infer<typeof schema>;

/** Values the embedded defaults (local Cognito, generated secret) fill in during development. */
export interface DevelopmentDefaults {
  sessionSecret?: string;
  cognito?: CognitoConfig;
  databaseUrl?: string;
}

function parseEnv(env: Env): ParsedEnv {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) throw ConfigError.fromZod(result.error);
  return result.data;
}

/** Accepts a bare hosted-UI domain (as AWS prints it) or a full URL with scheme (emulators). */
export function normaliseCognitoDomain(domain: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(domain) ? domain : `https://${domain}`;
  return new URL(withScheme).origin;
}

function cognitoFromEnv(env: ParsedEnv, problems: string[]): CognitoConfig | undefined {
  if (!env.COGNITO_DOMAIN) return undefined;
  const missing = ['COGNITO_CLIENT_ID', 'COGNITO_CLIENT_SECRET'].filter(
    (k) => !env[k as keyof ParsedEnv],
  );
  if (!env.COGNITO_ISSUER && !(env.COGNITO_REGION && env.COGNITO_USER_POOL_ID)) {
    missing.push('COGNITO_REGION and COGNITO_USER_POOL_ID (or COGNITO_ISSUER)');
  }
  missing.forEach((name) => problems.push(`${name}: required when COGNITO_DOMAIN is set`));
  if (missing.length > 0) return undefined;
  let domain: string;
  try {
    domain = normaliseCognitoDomain(env.COGNITO_DOMAIN);
  } catch {
    problems.push('COGNITO_DOMAIN: must be a domain name or a URL');
    return undefined;
  }
  const issuer = (
    env.COGNITO_ISSUER ??
    `https://cognito-idp.${env.COGNITO_REGION}.amazonaws.com/${env.COGNITO_USER_POOL_ID}`
  ).replace(/\/+$/, '');
  return {
    domain,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    clientId: env.COGNITO_CLIENT_ID!,
    clientSecret: env.COGNITO_CLIENT_SECRET!,
    scopes: env.COGNITO_SCOPES.split(/\s+/).filter(Boolean),
    apiClientId: env.COGNITO_API_CLIENT_ID,
  };
}

function authResilience(env: ParsedEnv, problems: string[]): AuthResilienceConfig {
  if (env.JWKS_MAX_STALE_SECONDS < env.JWKS_CACHE_SECONDS)
    problems.push('JWKS_MAX_STALE_SECONDS: must not be shorter than JWKS_CACHE_SECONDS');
  return {
    jwksCacheSeconds: env.JWKS_CACHE_SECONDS,
    jwksMaxStaleSeconds: env.JWKS_MAX_STALE_SECONDS,
    jwksUnknownKidPenaltySeconds: env.JWKS_UNKNOWN_KID_PENALTY_SECONDS,
    refreshOutageGraceSeconds: env.COGNITO_OUTAGE_GRACE_SECONDS,
    revocationRetrySeconds: env.REVOCATION_RETRY_SECONDS,
    revocationCheckSeconds: env.REVOCATION_CHECK_SECONDS,
  };
}

function s3FromEnv(env: ParsedEnv, problems: string[]): S3Config | undefined {
  if (env.PHOTO_STORAGE !== 's3') return undefined;
  if (!env.S3_BUCKET) problems.push('S3_BUCKET: required when PHOTO_STORAGE=s3');
  if (!env.S3_REGION) problems.push('S3_REGION: required when PHOTO_STORAGE=s3');
  if (!env.S3_BUCKET || !env.S3_REGION) return undefined;
  return {
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
  };
}

function productionProblems(env: ParsedEnv, baseUrl: string): string[] {
  const problems: string[] = [];
  if (!env.SESSION_SECRET) problems.push('SESSION_SECRET: required in production');
  if (!env.COGNITO_DOMAIN)
    problems.push('COGNITO_DOMAIN: required in production (no local Cognito)');
  if (!env.DATABASE_URL)
    problems.push('DATABASE_URL: required in production (no embedded database)');
  if (!env.BASE_URL) problems.push('BASE_URL: required in production');
  else if (!isHttps(baseUrl)) problems.push('BASE_URL: must be https in production');
  return problems;
}

function isHttps(baseUrl: string): boolean {
  return baseUrl.startsWith('https://');
}

function trustProxy(value: string | undefined): number | boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return Number(value);
}

/**
 * Reads and validates the whole configuration from the environment, naming every bad variable.
 * `defaults` carries what the embedded development services provide when AWS settings are absent.
 */
export function loadAppConfig(env: Env, defaults: DevelopmentDefaults = {}): AppConfig {
  const parsed = parseEnv(env);
  const production = parsed.NODE_ENV === 'production';
  const baseUrl = (parsed.BASE_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, '');
  const problems = production ? productionProblems(parsed, baseUrl) : [];
  const cognito = cognitoFromEnv(parsed, problems) ?? (production ? undefined : defaults.cognito);
  const s3 = s3FromEnv(parsed, problems);
  const resilience = authResilience(parsed, problems);
  const databaseUrl = parsed.DATABASE_URL ?? (production ? undefined : defaults.databaseUrl);
  const sessionSecret = parsed.SESSION_SECRET ?? (production ? undefined : defaults.sessionSecret);
  if (!production) {
    if (!cognito) problems.push('COGNITO_DOMAIN: unset and no local Cognito was started');
    if (!databaseUrl) problems.push('DATABASE_URL: unset and no embedded database was started');
    if (!sessionSecret) problems.push('SESSION_SECRET: unset and none was generated');
  }
  if (parsed.SESSION_ABSOLUTE_TIMEOUT < parsed.SESSION_IDLE_TIMEOUT) {
    problems.push('SESSION_ABSOLUTE_TIMEOUT: must not be shorter than SESSION_IDLE_TIMEOUT');
  }
  if ((parsed.UPLOAD_SPOOL_MAX_BYTES_PER_USER ?? 0) > parsed.UPLOAD_SPOOL_MAX_BYTES) {
    problems.push('UPLOAD_SPOOL_MAX_BYTES_PER_USER: must not exceed UPLOAD_SPOOL_MAX_BYTES');
  }
  if (parsed.UPLOADS_MAX_IN_PROGRESS_PER_USER > parsed.UPLOADS_MAX_IN_PROGRESS) {
    problems.push('UPLOADS_MAX_IN_PROGRESS_PER_USER: must not exceed UPLOADS_MAX_IN_PROGRESS');
  }
  if (problems.length > 0 || !cognito || !databaseUrl || !sessionSecret)
    throw new ConfigError(problems);
  const dataDir = resolve(parsed.DATA_DIR);
  return {
    production,
    port: parsed.PORT,
    host: parsed.HOST ?? (production ? ALL_IPV4_INTERFACES : LOOPBACK),
    baseUrl,
    secure: isHttps(baseUrl),
    trustProxy: trustProxy(parsed.TRUST_PROXY),
    dataDir,
    databaseUrl,
    sessionSecret,
    sessionSecretPrevious: parsed.SESSION_SECRET_PREVIOUS,
    session: {
      idleTimeoutSeconds: parsed.SESSION_IDLE_TIMEOUT,
      absoluteTimeoutSeconds: parsed.SESSION_ABSOLUTE_TIMEOUT,
    },
    cognito,
    authResilience: resilience,
    photos: {
      storage: parsed.PHOTO_STORAGE,
      localDir: join(dataDir, 'photos'),
      maxUploadBytes: parsed.MAX_UPLOAD_BYTES,
      maxUploadFiles: parsed.MAX_UPLOAD_FILES,
      listCacheSeconds: parsed.PHOTO_LIST_CACHE_SECONDS,
      listHeartbeatSeconds: parsed.PHOTO_LIST_HEARTBEAT_SECONDS,
      s3,
    },
    uploadIntake: {
      stallTimeoutSeconds: parsed.UPLOAD_STALL_TIMEOUT_SECONDS,
      maxInProgress: parsed.UPLOADS_MAX_IN_PROGRESS,
      maxInProgressPerUser: parsed.UPLOADS_MAX_IN_PROGRESS_PER_USER,
      spoolDir: resolve(parsed.UPLOAD_SPOOL_DIR ?? join(dataDir, 'upload-spool')),
      spoolMaxBytes: parsed.UPLOAD_SPOOL_MAX_BYTES,
      spoolMaxBytesPerUser: parsed.UPLOAD_SPOOL_MAX_BYTES_PER_USER,
      spoolMinFreeBytes: parsed.UPLOAD_SPOOL_MIN_FREE_BYTES,
      minBytesPerSecond: parsed.UPLOAD_MIN_BYTES_PER_SECOND,
    },
    imagePipeline: {
      concurrency: parsed.IMAGE_CONCURRENCY,
      queueTimeoutSeconds: parsed.IMAGE_QUEUE_TIMEOUT_SECONDS,
    },
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE,
    signInRateLimitPerMinute: parsed.RATE_LIMIT_SIGN_IN_PER_MINUTE,
    writeRateLimitPerMinute: parsed.RATE_LIMIT_WRITES_PER_MINUTE,
    keepAliveTimeoutSeconds: parsed.KEEP_ALIVE_TIMEOUT_SECONDS,
    shutdown: {
      delaySeconds: parsed.SHUTDOWN_DELAY_SECONDS,
      graceSeconds: parsed.SHUTDOWN_GRACE_SECONDS,
    },
    logLevel: parsed.LOG_LEVEL,
    infoPageDetail: parsed.INFO_PAGE_DETAIL ?? (production ? 'minimal' : 'full'),
    apiDocs: parsed.API_DOCS ?? (production ? 'off' : 'public'),
    version: readVersion(),
  };
}

function readVersion(): string {
  // package.json sits at the project root, two levels above both src/config and dist/config.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(__dirname, '..', '..', 'package.json')) as { version: string }).version;
}

/** Whether the environment asks for the embedded defaults (development and tests only). */
export function wantsEmbeddedDefaults(env: Env): {
  database: boolean;
  cognito: boolean;
  secret: boolean;
} {
  const production = env.NODE_ENV === 'production';
  return {
    database: !production && !env.DATABASE_URL,
    cognito: !production && !env.COGNITO_DOMAIN,
    secret: !production && !env.SESSION_SECRET,
  };
}

/**
 * Validates the environment before the embedded defaults start, so a typo fails fast. The
 * placeholders stand in for what those defaults will provide; production never uses them.
 */
export function checkEnvironment(env: Env): void {
  loadAppConfig(env, EMBEDDED_PLACEHOLDERS);
}

/** Stand-ins for what the embedded defaults provide once started (see `checkEnvironment`). */
export const EMBEDDED_PLACEHOLDERS: DevelopmentDefaults = {
  sessionSecret: 'placeholder-for-the-generated-development-secret',
  databaseUrl: 'postgres://embedded',
  cognito: {
    domain: 'http://localhost',
    issuer: '',
    jwksUri: '',
    clientId: '',
    clientSecret: '',
    scopes: [],
  },
};
