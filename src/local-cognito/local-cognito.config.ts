import { resolve } from 'node:path';
import {
  duplicateUsernameProblems,
  LocalCognitoSeedUser,
  parseSeedUsers,
  seedUserProblems,
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

export interface LocalCognitoConfig {
  /** 0 = pick a free port. */
  port: number;
  userPoolId: string;
  clientId: string;
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
}

/** Raised with one line per bad variable (or config field), never echoing a password. */
export class LocalCognitoConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid local Cognito configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LocalCognitoConfigError';
  }
}

const DEFAULT_PORT = 9400;
const DEFAULT_USER_POOL_ID = 'us-local-1_Photos';
const DEFAULT_CLIENT_ID = 'photos-local';
const DEFAULT_CLIENT_SECRET = 'photos-local-secret';
const DEFAULT_USERS = 'demo:demo-password:demo@example.com:Demo';
const DEFAULT_TOKEN_TTL_SECONDS = 3600;
const DEFAULT_REFRESH_TTL_SECONDS = 30 * 24 * 3600;
/** Cognito's upper bounds: one day for ID/access tokens, ten years for refresh tokens. */
const MAX_TOKEN_TTL_SECONDS = 24 * 3600;
const MAX_REFRESH_TTL_SECONDS = 10 * 365 * 24 * 3600;

type Env = NodeJS.ProcessEnv;

/** Reads variables, treating empty strings as unset (as .env tooling does), and collects problems. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name}: must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  }

  matching(name: string, fallback: string, pattern: RegExp, rule: string): string {
    const value = this.text(name) ?? fallback;
    if (!pattern.test(value)) this.problems.push(`${name}: ${rule} (got "${value}")`);
    return value;
  }

  urlList(name: string, fallback: () => string[]): string[] {
    const raw = this.text(name);
    if (raw === undefined) return fallback();
    const urls = raw
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean);
    if (urls.length === 0) this.problems.push(`${name}: must list at least one URL`);
    urls.forEach((url) => {
      const problem = registeredUrlProblem(url);
      if (problem) this.problems.push(`${name}: ${problem}`);
    });
    return urls;
  }
}

/** The app's public origin, as the app computes it: BASE_URL, or http://localhost:PORT. */
function appBaseUrl(reader: EnvReader): string | undefined {
  const baseUrl = reader.text('BASE_URL');
  if (baseUrl !== undefined) {
    if (registeredUrlProblem(baseUrl) !== undefined || !/^https?:\/\//.test(baseUrl)) {
      reader.problems.push(
        `BASE_URL: must be an https URL (or http://localhost) to derive the default callback and sign-out URLs (got "${baseUrl}")`,
      );
      return undefined;
    }
    return baseUrl.replace(/\/+$/, '');
  }
  const port = reader.text('PORT') ?? '3000';
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    reader.problems.push(
      `PORT: must be a port number to derive the default callback URL (got "${port}")`,
    );
    return undefined;
  }
  return `http://localhost:${port}`;
}

/** Builds the local Cognito's configuration from the environment; throws naming each bad variable. */
export function loadLocalCognitoConfig(env: Env): LocalCognitoConfig {
  const reader = new EnvReader(env);
  const port = reader.integer('LOCAL_COGNITO_PORT', DEFAULT_PORT, 0, 65535);
  const userPoolId = reader.matching(
    'LOCAL_COGNITO_USER_POOL_ID',
    DEFAULT_USER_POOL_ID,
    USER_POOL_ID_PATTERN,
    'must look like a Cognito user pool id, REGION_SUFFIX, e.g. us-local-1_Photos',
  );
  const clientId = reader.matching(
    'LOCAL_COGNITO_CLIENT_ID',
    DEFAULT_CLIENT_ID,
    CLIENT_ID_PATTERN,
    'must be 1 to 128 letters, digits or _ + . ~ -',
  );
  const clientSecret = reader.text('LOCAL_COGNITO_CLIENT_SECRET') ?? DEFAULT_CLIENT_SECRET;
  // BASE_URL and PORT are the app's; they are read (and checked) only when a default needs them.
  const defaultUrls = (path: string) => () => {
    const baseUrl = appBaseUrl(reader);
    return baseUrl === undefined ? [] : [`${baseUrl}${path}`];
  };
  const callbackUrls = reader.urlList('LOCAL_COGNITO_CALLBACK_URLS', defaultUrls('/callback'));
  const logoutUrls = reader.urlList('LOCAL_COGNITO_LOGOUT_URLS', defaultUrls('/'));
  const usersVariable = 'LOCAL_COGNITO_USERS';
  const users = parseSeedUsers(
    reader.text(usersVariable) ?? DEFAULT_USERS,
    usersVariable,
    reader.problems,
  );
  reader.problems.push(...duplicateUsernameProblems(users, usersVariable));
  const tokenTtlSeconds = reader.integer(
    'LOCAL_COGNITO_TOKEN_TTL',
    DEFAULT_TOKEN_TTL_SECONDS,
    1,
    MAX_TOKEN_TTL_SECONDS,
  );
  const refreshTtlSeconds = reader.integer(
    'LOCAL_COGNITO_REFRESH_TTL',
    DEFAULT_REFRESH_TTL_SECONDS,
    1,
    MAX_REFRESH_TTL_SECONDS,
  );
  const dataDir = resolve(reader.text('DATA_DIR') ?? './data');
  if (reader.problems.length > 0) throw new LocalCognitoConfigError([...new Set(reader.problems)]);
  return {
    port,
    userPoolId,
    clientId,
    clientSecret,
    callbackUrls,
    logoutUrls,
    users,
    tokenTtlSeconds,
    refreshTtlSeconds,
    dataDir,
  };
}

/**
 * Checks a configuration built in code (the app and tests call startLocalCognito directly), with
 * the same rules as the environment parser; problems name the config field.
 */
export function assertValidLocalCognitoConfig(config: LocalCognitoConfig): void {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(
    Number.isInteger(config.port) && config.port >= 0 && config.port <= 65535,
    'port: must be 0 to 65535',
  );
  check(
    USER_POOL_ID_PATTERN.test(config.userPoolId),
    'userPoolId: must look like us-local-1_Photos',
  );
  check(
    CLIENT_ID_PATTERN.test(config.clientId),
    'clientId: must be 1 to 128 letters, digits or _ + . ~ -',
  );
  check(config.callbackUrls.length > 0, 'callbackUrls: must list at least one URL');
  for (const [field, urls] of [
    ['callbackUrls', config.callbackUrls],
    ['logoutUrls', config.logoutUrls],
  ] as const) {
    urls.forEach((url) =>
      check(registeredUrlProblem(url) === undefined, `${field}: ${registeredUrlProblem(url)}`),
    );
  }
  config.users.forEach((user, index) =>
    seedUserProblems(user).forEach((problem) =>
      problems.push(`users[${index}] (${user.username}): ${problem}`),
    ),
  );
  problems.push(...duplicateUsernameProblems(config.users, 'users'));
  check(
    Number.isInteger(config.tokenTtlSeconds) && config.tokenTtlSeconds >= 1,
    'tokenTtlSeconds: must be a whole number of seconds, at least 1',
  );
  check(
    Number.isInteger(config.refreshTtlSeconds) && config.refreshTtlSeconds >= 1,
    'refreshTtlSeconds: must be a whole number of seconds, at least 1',
  );
  check(config.dataDir.trim() !== '', 'dataDir: must be a directory path');
  const clientIds = [
    config.clientId,
    ...(config.machineClients ?? []).map((machine) => machine.clientId),
  ];
  check(
    new Set(clientIds).size === clientIds.length,
    'machineClients: every client id must be unique',
  );
  for (const machine of config.machineClients ?? []) {
    check(
      CLIENT_ID_PATTERN.test(machine.clientId),
      `machineClients: bad client id "${machine.clientId}"`,
    );
    check(
      machine.clientSecret !== '',
      `machineClients (${machine.clientId}): needs a client secret`,
    );
    check(
      machine.scopes.every((scope) => /^[^\s/]+\/[^\s/]+$/.test(scope)),
      `machineClients (${machine.clientId}): scopes must be custom resourceServer/scope names`,
    );
  }
  if (problems.length > 0) throw new LocalCognitoConfigError(problems);
}
