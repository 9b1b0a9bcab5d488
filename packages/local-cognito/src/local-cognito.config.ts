import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './support/config-error';
import {
  type LocalCognitoSeedUser,
  parseSeedUsers,
  seedUsersProblems,
} from './local-cognito.seed-users';
import {
  CLIENT_ID_PATTERN,
  USER_POOL_ID_PATTERN,
  registeredUrlProblem,
} from './support/validation';

export type { LocalCognitoSeedUser } from './local-cognito.seed-users';

/**
 * An app client allowed only the client_credentials grant (Cognito's machine-to-machine client);
 * its scopes are custom `resourceServer/scope` names. Not configurable from the environment.
 */
export interface LocalCognitoMachineClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/**
 * A public app client (no secret, as Cognito allows) for the API's own clients: Swagger UI's
 * "Authorize" in a browser and `local-cognito tokens` in a terminal, both with the authorization
 * code flow and PKCE. A browser cannot keep a secret, so this client has none; its access tokens
 * are accepted by the API (COGNITO_API_CLIENT_ID), never for the web app's sign-in.
 */
export interface LocalCognitoApiClient {
  clientId: string;
  /** Exact redirect URIs, e.g. `${BASE_URL}/api/docs/oauth2-redirect.html`. */
  callbackUrls: string[];
}

export interface LocalCognitoConfig {
  /** 0 = pick a free port. */
  port: number;
  userPoolId: string;
  clientId: string;
  /** The app client's name, shown on the hosted pages ("Sign in to Photos"); "Photos" when absent. */
  clientName?: string;
  /** The app client's secret; an empty string makes it a public client (no secret, as Cognito allows). */
  clientSecret: string;
  callbackUrls: string[];
  logoutUrls: string[];
  users: LocalCognitoSeedUser[];
  tokenTtlSeconds: number;
  refreshTtlSeconds: number;
  /** The app's DATA_DIR; state goes in `${dataDir}/local-cognito`. */
  dataDir: string;
  /** Optional extra clients for the client_credentials grant (programmatic use only). */
  machineClients?: LocalCognitoMachineClient[];
  /** The public client for API users (Swagger UI, scripts); none when absent. */
  apiClient?: LocalCognitoApiClient;
}

/** Where Swagger UI (served by the app at /api/docs) receives the authorization code. */
export const API_DOCS_REDIRECT_PATH = '/api/docs/oauth2-redirect.html';

const DEFAULTS = {
  LOCAL_COGNITO_PORT: '9400',
  LOCAL_COGNITO_USER_POOL_ID: 'us-local-1_Photos',
  LOCAL_COGNITO_CLIENT_ID: 'photos-local',
  LOCAL_COGNITO_CLIENT_SECRET: 'photos-local-secret',
  LOCAL_COGNITO_API_CLIENT_ID: 'photos-local-api',
  LOCAL_COGNITO_USERS: 'demo:demo-password:demo@example.com:Demo',
  LOCAL_COGNITO_TOKEN_TTL: '3600',
  LOCAL_COGNITO_REFRESH_TTL: String(30 * 24 * 3600),
  DATA_DIR: './data',
};
/** Cognito's upper bounds: one day for ID/access tokens, ten years for refresh tokens. */
const MAX_TOKEN_TTL_SECONDS = 24 * 3600;
const MAX_REFRESH_TTL_SECONDS = 10 * 365 * 24 * 3600;

type Env = NodeJS.ProcessEnv;

/** Adds each sentence a `…Problems` check returns as an issue of the value being parsed. */
function reportAll(problems: string[], ctx: z.RefinementCtx): void {
  problems.forEach((message) => ctx.addIssue({ code: 'custom', message }));
}

const urlListProblems = (urls: string[]) =>
  urls.map(registeredUrlProblem).filter((p): p is string => p !== undefined);

function wholeNumber(min: number, max: number): z.ZodNumber {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z.number().int(rule).min(min, rule).max(max, rule);
}

/**
 * The rules of each setting, written once: the configuration built in code (tests, the app) is
 * checked by `configSchema` with them, and each environment variable is parsed into them.
 */
const rules = {
  port: wholeNumber(0, 65535),
  userPoolId: z
    .string()
    .regex(
      USER_POOL_ID_PATTERN,
      'must look like a Cognito user pool id, REGION_SUFFIX, e.g. us-local-1_Photos',
    ),
  clientId: z.string().regex(CLIENT_ID_PATTERN, 'must be 1 to 128 letters, digits or _ + . ~ -'),
  clientSecret: z.string(),
  callbackUrls: z
    .array(z.string())
    .min(1, 'must list at least one URL')
    .superRefine((urls, ctx) => reportAll(urlListProblems(urls), ctx)),
  logoutUrls: z.array(z.string()).superRefine((urls, ctx) => reportAll(urlListProblems(urls), ctx)),
  users: z
    .array(
      z.object({
        username: z.string(),
        password: z.string(),
        email: z.string(),
        nickname: z.string(),
        groups: z.array(z.string()).optional(),
      }),
    )
    .superRefine((users, ctx) => reportAll(seedUsersProblems(users), ctx)),
  tokenTtlSeconds: wholeNumber(1, MAX_TOKEN_TTL_SECONDS),
  refreshTtlSeconds: wholeNumber(1, MAX_REFRESH_TTL_SECONDS),
  dataDir: z.string().trim().min(1, 'must be a directory path'),
};

const machineClientSchema = z.object({
  clientId: z.string().regex(CLIENT_ID_PATTERN, 'bad client id'),
  clientSecret: z.string().min(1, 'needs a client secret'),
  scopes: z.array(
    z.string().regex(/^[^\s/]+\/[^\s/]+$/, 'scopes must be custom resourceServer/scope names'),
  ),
});

const apiClientSchema = z.object({
  clientId: rules.clientId,
  callbackUrls: rules.callbackUrls,
});

const configSchema = z
  .object({
    ...rules,
    clientName: z.string().trim().min(1, 'must not be empty').max(128).optional(),
    machineClients: z.array(machineClientSchema).optional(),
    apiClient: apiClientSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const ids = [
      config.clientId,
      ...(config.machineClients ?? []).map((m) => m.clientId),
      ...(config.apiClient ? [config.apiClient.clientId] : []),
    ];
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({
        code: 'custom',
        path: ['machineClients'],
        message: 'every client id must be unique',
      });
  });

/** An environment variable's text as a whole number, then held to the setting's rule. */
const digits = (rule: z.ZodNumber) =>
  z
    .string()
    .regex(/^\d+$/, { error: (issue) => `must be a whole number (got "${String(issue.input)}")` })
    .transform(Number)
    .pipe(rule);

/** `a, b,c` as a list, then held to the setting's rule. */
const commaList = (rule: z.ZodType<string[], string[]>) =>
  z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(rule);

const envSchema = z
  .object({
    LOCAL_COGNITO_PORT: digits(rules.port),
    LOCAL_COGNITO_USER_POOL_ID: rules.userPoolId,
    LOCAL_COGNITO_CLIENT_ID: rules.clientId,
    LOCAL_COGNITO_CLIENT_SECRET: rules.clientSecret,
    LOCAL_COGNITO_API_CLIENT_ID: rules.clientId,
    LOCAL_COGNITO_API_CALLBACK_URLS: commaList(rules.callbackUrls).optional(),
    LOCAL_COGNITO_CALLBACK_URLS: commaList(rules.callbackUrls).optional(),
    // At least one sign-out URL when the variable is given (the app registers one).
    LOCAL_COGNITO_LOGOUT_URLS: commaList(
      rules.logoutUrls.min(1, 'must list at least one URL'),
    ).optional(),
    LOCAL_COGNITO_USERS: z
      .string()
      .transform((raw, ctx) => {
        const problems: string[] = [];
        const users = parseSeedUsers(raw, problems);
        reportAll(problems, ctx);
        return users;
      })
      .pipe(rules.users),
    LOCAL_COGNITO_TOKEN_TTL: digits(rules.tokenTtlSeconds),
    LOCAL_COGNITO_REFRESH_TTL: digits(rules.refreshTtlSeconds),
    DATA_DIR: rules.dataDir,
    // The app's own settings: read (and checked) only when a default URL needs them.
    BASE_URL: z.string().optional(),
    PORT: z.string().optional(),
  })
  .transform((env, ctx): LocalCognitoConfig => {
    let baseUrl: string | undefined;
    const defaultUrls = (path: string) => {
      baseUrl ??= appBaseUrl(env.BASE_URL, env.PORT, ctx);
      return baseUrl === undefined ? [] : [`${baseUrl}${path}`];
    };
    return {
      port: env.LOCAL_COGNITO_PORT,
      userPoolId: env.LOCAL_COGNITO_USER_POOL_ID,
      clientId: env.LOCAL_COGNITO_CLIENT_ID,
      clientSecret: env.LOCAL_COGNITO_CLIENT_SECRET,
      callbackUrls: env.LOCAL_COGNITO_CALLBACK_URLS ?? defaultUrls('/callback'),
      logoutUrls: env.LOCAL_COGNITO_LOGOUT_URLS ?? defaultUrls('/'),
      users: env.LOCAL_COGNITO_USERS,
      tokenTtlSeconds: env.LOCAL_COGNITO_TOKEN_TTL,
      refreshTtlSeconds: env.LOCAL_COGNITO_REFRESH_TTL,
      dataDir: resolve(env.DATA_DIR),
      apiClient: {
        clientId: env.LOCAL_COGNITO_API_CLIENT_ID,
        callbackUrls: env.LOCAL_COGNITO_API_CALLBACK_URLS ?? defaultUrls(API_DOCS_REDIRECT_PATH),
      },
    };
  })
  .superRefine((config, ctx) => {
    if (config.apiClient?.clientId === config.clientId)
      ctx.addIssue({
        code: 'custom',
        path: ['LOCAL_COGNITO_API_CLIENT_ID'],
        message: 'must differ from LOCAL_COGNITO_CLIENT_ID',
      });
  });

/** The app's public origin, as the app computes it: BASE_URL, or http://localhost:PORT. */
function appBaseUrl(
  baseUrl: string | undefined,
  port: string | undefined,
  ctx: z.RefinementCtx,
): string | undefined {
  if (baseUrl !== undefined) {
    if (registeredUrlProblem(baseUrl) === undefined && /^https?:\/\//.test(baseUrl))
      return baseUrl.replace(/\/+$/, '');
    ctx.addIssue({
      code: 'custom',
      path: ['BASE_URL'],
      message: `must be an https URL (or http://localhost) to derive the default callback and sign-out URLs (got "${baseUrl}")`,
    });
    return undefined;
  }
  const appPort = port ?? '3000';
  if (/^\d+$/.test(appPort) && Number(appPort) <= 65535) return `http://localhost:${appPort}`;
  ctx.addIssue({
    code: 'custom',
    path: ['PORT'],
    message: `must be a port number to derive the default callback URL (got "${appPort}")`,
  });
  return undefined;
}

/** Builds the local Cognito's configuration from the environment; throws naming each bad variable. */
export function loadLocalCognitoConfig(env: Env): LocalCognitoConfig {
  // Empty or blank variables count as unset, as in most .env tooling.
  const given = Object.entries(env)
    .map(([name, value]) => [name, value?.trim()] as const)
    .filter(([, value]) => value !== undefined && value !== '');
  const result = envSchema.safeParse({ ...DEFAULTS, ...Object.fromEntries(given) });
  if (!result.success) throw ConfigError.fromZod(result.error);
  return result.data;
}

/**
 * Checks a configuration built in code (the app and tests call startLocalCognito directly) with
 * the same rules as the environment parser; problems name the config field.
 */
export function assertValidLocalCognitoConfig(config: LocalCognitoConfig): void {
  const result = configSchema.safeParse(config);
  if (!result.success) throw ConfigError.fromZod(result.error);
}
