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
import { loadLocalCognitoConfig } from './local-cognito/local-cognito.config';
import { RunningLocalCognito, startLocalCognito } from './local-cognito/local-cognito.server';

type Env = Record<string, string | undefined>;

export interface EmbeddedDefaults {
  defaults: DevelopmentDefaults;
  postgres?: RunningPostgres;
  localCognito?: RunningLocalCognito;
  stop(): Promise<void>;
}

function localCognitoAsCognitoConfig(idp: RunningLocalCognito, scopes: string): CognitoConfig {
  return {
    domain: idp.origin,
    issuer: idp.issuer,
    jwksUri: `${idp.issuer}/.well-known/jwks.json`,
    clientId: idp.config.clientId,
    clientSecret: idp.config.clientSecret,
    scopes: scopes.split(/\s+/).filter(Boolean),
    apiClientId: idp.config.apiClient?.clientId,
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

/**
 * Validates every setting before anything starts, the app's and (when the local Cognito will
 * run) the `LOCAL_COGNITO_*` ones, so one start names every bad variable, each once: the local
 * Cognito's parser also judges PORT and BASE_URL, which the app's lines already name.
 */
export function checkSettings(env: Env): void {
  const problems = problemsOf(() => checkEnvironment(env));
  if (wantsEmbeddedDefaults(env).cognito) {
    const named = new Set(problems.map((problem) => problem.split(':')[0]));
    const local = problemsOf(() => loadLocalCognitoConfig(env));
    problems.push(...local.filter((problem) => !named.has(problem.split(':')[0])));
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Starts what development needs when AWS settings are absent: an embedded PostgreSQL, the local
 * Cognito and a generated session secret. Never called in production (the config refuses it).
 */
export async function startEmbeddedDefaults(env: Env): Promise<EmbeddedDefaults> {
  const wants = wantsEmbeddedDefaults(env);
  const dataDir = resolve(env.DATA_DIR || './data');
  // Everything that can be refused is checked before PostgreSQL spends seconds starting.
  const localCognitoConfig = wants.cognito ? loadLocalCognitoConfig(env) : undefined;
  await assertPortFree(Number(env.PORT || 3000), 'PORT');
  if (localCognitoConfig)
    await assertPortFree(localCognitoConfig.port, 'LOCAL_COGNITO_PORT', '127.0.0.1');
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
      started.localCognito = await startLocalCognito(localCognitoConfig!);
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
  await started.localCognito?.close();
  await started.postgres?.stop();
  unlock();
}
