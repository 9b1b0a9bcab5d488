import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readOrCreateSecret } from './common/secret-file';
import { assertPortFree, lockDataDir } from './common/startup-checks';
import { CognitoConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import {
  DevelopmentDefaults,
  checkEnvironment,
  wantsEmbeddedDefaults,
} from './config/load-app-config';
import { RunningPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import {
  type LocalCognitoChild,
  checkLocalCognitoSettings,
  startLocalCognitoChild,
} from './local-cognito-process';

type Env = Record<string, string | undefined>;

export interface EmbeddedDefaults {
  defaults: DevelopmentDefaults;
  postgres?: RunningPostgres;
  localCognito?: LocalCognitoChild;
  stop(): Promise<void>;
}

function localCognitoAsCognitoConfig(idp: LocalCognitoChild, scopes: string): CognitoConfig {
  return {
    domain: idp.origin,
    issuer: idp.issuer,
    jwksUri: `${idp.issuer}/.well-known/jwks.json`,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    scopes: scopes.split(/\s+/).filter(Boolean),
    apiClientId: idp.apiClientId,
  };
}

/** The `NAME: problem` lines of a settings parser, none when its settings are good. */
function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** What checkSettings found good, for startEmbeddedDefaults: nothing is asked twice. */
export interface CheckedSettings {
  /** Where the local Cognito will listen, when it will run. */
  localCognitoPort?: number;
}

/** The data folder, absolute. */
function dataDirOf(env: Env): string {
  return resolve(env.DATA_DIR || './data');
}

/** The local Cognito's environment: the app's, with the data folder made absolute. */
function localCognitoEnvOf(env: Env): Env {
  return { ...env, DATA_DIR: dataDirOf(env) };
}

/**
 * Validates every setting before anything starts, the app's and (when the local Cognito will
 * run) the `LOCAL_COGNITO_*` ones, so one start names every bad variable, each once: the local
 * Cognito's parser also judges PORT and BASE_URL, which the app's lines already name. Its check
 * is a process of its own, so it runs once per start: its answer is passed on.
 */
export function checkSettings(env: Env): CheckedSettings {
  const problems = problemsOf(() => checkEnvironment(env));
  const checked: CheckedSettings = {};
  if (wantsEmbeddedDefaults(env).cognito) {
    const named = new Set(problems.map((problem) => problem.split(':')[0]));
    const answer = checkLocalCognitoSettings(localCognitoEnvOf(env));
    if ('problems' in answer)
      problems.push(...answer.problems.filter((problem) => !named.has(problem.split(':')[0])));
    else checked.localCognitoPort = answer.port;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return checked;
}

/**
 * Starts what development needs when AWS settings are absent: an embedded PostgreSQL, the local
 * Cognito (packages/local-cognito, as a child process) and a generated session secret. Never
 * called in production (the config refuses it). Both come from devDependencies, loaded only here
 * (embedded-postgres by a dynamic import, the local Cognito as a process): a production install
 * has neither, and a start that needs them says so.
 */
export async function startEmbeddedDefaults(
  env: Env,
  checked: CheckedSettings,
): Promise<EmbeddedDefaults> {
  const wants = wantsEmbeddedDefaults(env);
  const dataDir = dataDirOf(env);
  const localCognitoEnv = localCognitoEnvOf(env);
  // Everything that can be refused is checked before PostgreSQL spends seconds starting.
  await assertPortFree(Number(env.PORT || 3000), 'PORT');
  if (checked.localCognitoPort !== undefined)
    await assertPortFree(checked.localCognitoPort, 'LOCAL_COGNITO_PORT', '127.0.0.1');
  await mkdir(dataDir, { recursive: true });
  const unlock = wants.database || wants.cognito ? lockDataDir(dataDir) : () => undefined;
  const started: EmbeddedDefaults = { defaults: {}, stop: () => Promise.resolve() };
  try {
    if (wants.secret)
      started.defaults.sessionSecret = await readOrCreateSecret(
        join(dataDir, 'session-secret'),
        48,
      );
    if (wants.database) {
      started.postgres = await startEmbeddedPostgres({
        directory: join(dataDir, 'postgres'),
        database: 'photos',
      });
      started.defaults.databaseUrl = started.postgres.url;
    }
    if (wants.cognito) {
      started.localCognito = await startLocalCognitoChild(localCognitoEnv);
      started.defaults.cognito = localCognitoAsCognitoConfig(
        started.localCognito,
        env.COGNITO_SCOPES || 'openid email profile',
      );
    }
  } catch (error) {
    await stopAll(started, unlock);
    throw error;
  }
  started.stop = () => stopAll(started, unlock);
  return started;
}

async function stopAll(started: EmbeddedDefaults, unlock: () => void): Promise<void> {
  await started.localCognito?.stop();
  await started.postgres?.stop();
  unlock();
}
