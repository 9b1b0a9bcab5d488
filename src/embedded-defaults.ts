import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readOrCreateSecret } from './common/secret-file';
import { assertPortFree, lockDataDir } from './common/startup-checks';
import { CognitoConfig } from './config/app-config';
import { DevelopmentDefaults, wantsEmbeddedDefaults } from './config/load-app-config';
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
