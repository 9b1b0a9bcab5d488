import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalCognitoConfig } from '../local-cognito.config';
import type { Clock } from '../support/clock';
import { localCognitoStateDir } from '../support/state-files';
import type { AppClient } from './app-client';
import { configuredClientRecords, configuredPoolRecord } from './configured-pool';
import type { PoolFile } from './pool-records';
import { UserPool, readPoolFile } from './user-pool';

/** Pools made through the API live in `DATA_DIR/local-cognito/pools/{poolId}/`. */
export const POOLS_DIR = 'pools';

/**
 * Every user pool of the local Cognito. The configured pool (LOCAL_COGNITO_USER_POOL_ID) is the
 * default: it keeps its files at the top of the state folder (`users.json`, `signing-keys.json`,
 * as before there were other pools), is seeded with the configured clients and users, and
 * cannot be deleted. App client ids are unique across pools, so a client id names its pool.
 */
export class UserPools {
  private constructor(
    private readonly stateDir: string,
    private readonly clock: Clock,
    readonly defaultPool: UserPool,
    private readonly others: Map<string, UserPool>,
  ) {}

  static async open(config: LocalCognitoConfig, clock: Clock): Promise<UserPools> {
    const stateDir = localCognitoStateDir(config.dataDir);
    const now = new Date(clock.now()).toISOString();
    const configuredClients = configuredClientRecords(config, now);
    const defaultPool = await UserPool.open(
      stateDir,
      { pool: configuredPoolRecord(config, now), clients: [], groups: [] },
      config.users,
      clock,
    );
    await defaultPool.change((file) => ({
      ...file,
      clients: [
        ...configuredClients,
        ...file.clients.filter((c) => !configuredClients.some((k) => k.ClientId === c.ClientId)),
      ],
    }));
    const others = new Map<string, UserPool>();
    for (const id of await poolFolders(join(stateDir, POOLS_DIR))) {
      const dir = join(stateDir, POOLS_DIR, id);
      const file = await readPoolFile(dir);
      if (id === defaultPool.id || file === undefined) continue;
      const pool = await UserPool.open(dir, file, [], clock);
      others.set(pool.id, pool);
    }
    return new UserPools(stateDir, clock, defaultPool, others);
  }

  find(poolId: string | undefined): UserPool | undefined {
    if (poolId === undefined) return undefined;
    return poolId === this.defaultPool.id ? this.defaultPool : this.others.get(poolId);
  }

  list(): UserPool[] {
    return [this.defaultPool, ...this.others.values()];
  }

  /** The client with this id in whichever pool holds it, with that pool. */
  findClient(clientId: string | undefined): { pool: UserPool; client: AppClient } | undefined {
    if (clientId === undefined) return undefined;
    for (const pool of this.list()) {
      const client = pool.client(clientId);
      if (client) return { pool, client };
    }
    return undefined;
  }

  /** The pool whose domain prefix this is. */
  findByDomain(domain: string): UserPool | undefined {
    return this.list().find((pool) => pool.domain === domain);
  }

  async create(file: PoolFile): Promise<UserPool> {
    const dir = join(this.stateDir, POOLS_DIR, file.pool.Id);
    const pool = await UserPool.open(dir, file, [], this.clock);
    this.others.set(pool.id, pool);
    return pool;
  }

  /** Forgets a pool and removes its folder (users, keys, clients). The default pool stays. */
  async delete(pool: UserPool): Promise<void> {
    if (pool === this.defaultPool) throw new Error('The configured user pool cannot be deleted');
    this.others.delete(pool.id);
    await rm(pool.dir, { recursive: true, force: true });
  }
}

async function poolFolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
