import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readOrCreateSecret } from './common/secret-file';
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
  };
}

/**
 * Starts what development needs when AWS settings are absent: an embedded PostgreSQL, the local
 * Cognito and a generated session secret. Never called in production (the config refuses it).
 */
export async function startEmbeddedDefaults(env: Env): Promise<EmbeddedDefaults> {
  const wants = wantsEmbeddedDefaults(env);
  const dataDir = resolve(env.DATA_DIR || './data');
  await mkdir(dataDir, { recursive: true });
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
      started.localCognito = await startLocalCognito(loadLocalCognitoConfig(env));
      started.defaults.cognito = localCognitoAsCognitoConfig(
        started.localCognito,
        env.COGNITO_SCOPES || 'openid email profile',
      );
    }
  } catch (error) {
    await stopAll(started);
    throw error;
  }
  started.stop = () => stopAll(started);
  return started;
}

async function stopAll(started: EmbeddedDefaults): Promise<void> {
  await started.localCognito?.close();
  await started.postgres?.stop();
}
