import { join } from 'node:path';
import { SigningKeys } from '../keys/signing-keys.store';
import type { LocalCognitoSeedUser } from '../local-cognito.config';
import type { Clock } from '../support/clock';
import { SerialWriter, readJsonFile, writeJsonFile } from '../support/state-files';
import { UserStore } from '../users/user.store';
import { appClientOf, type AppClient } from './app-client';
import {
  isPoolFile,
  type ClientRecord,
  type GroupRecord,
  type PoolFile,
  type PoolRecord,
} from './pool-records';

export const POOL_FILE = 'pool.json';

/** The pool file in `dir`, or undefined when there is none. */
export async function readPoolFile(dir: string): Promise<PoolFile | undefined> {
  const path = join(dir, POOL_FILE);
  const content = await readJsonFile(path);
  if (content !== undefined && !isPoolFile(content))
    throw new Error(`${path} is not a local Cognito user pool`);
  return content;
}

/**
 * One user pool: its settings, app clients, groups and domain (`pool.json`), its users
 * (`users.json`) and its own RS256 keys (`signing-keys.json`), all in one folder.
 */
export class UserPool {
  private readonly writer = new SerialWriter();

  private constructor(
    readonly dir: string,
    private file: PoolFile,
    readonly users: UserStore,
    readonly keys: SigningKeys,
  ) {}

  /**
   * Opens the pool in `dir`; `initial` is written when the folder holds no pool yet (last, after
   * the users and keys: a folder without `pool.json` is a creation that never finished).
   */
  static async open(
    dir: string,
    initial: PoolFile,
    seedUsers: LocalCognitoSeedUser[],
    clock: Clock,
  ): Promise<UserPool> {
    const content = await readPoolFile(dir);
    const file = content ?? initial;
    const pool = new UserPool(
      dir,
      file,
      await UserStore.open(dir, seedUsers, clock),
      await SigningKeys.open(dir),
    );
    if (content === undefined) await pool.save();
    return pool;
  }

  get id(): string {
    return this.file.pool.Id;
  }

  get record(): PoolRecord {
    return this.file.pool;
  }

  get domain(): string | undefined {
    return this.file.domain;
  }

  get clientRecords(): ClientRecord[] {
    return this.file.clients;
  }

  get groups(): GroupRecord[] {
    return this.file.groups;
  }

  client(clientId: string): AppClient | undefined {
    const record = this.clientRecord(clientId);
    return record && appClientOf(record);
  }

  clientRecord(clientId: string): ClientRecord | undefined {
    return this.file.clients.find((client) => client.ClientId === clientId);
  }

  group(name: string): GroupRecord | undefined {
    return this.file.groups.find((group) => group.GroupName === name);
  }

  /** Applies a change to the stored settings, then writes `pool.json`. */
  async change(apply: (file: PoolFile) => PoolFile): Promise<void> {
    this.file = apply(structuredClone(this.file));
    await this.save();
  }

  private save(): Promise<void> {
    const path = join(this.dir, POOL_FILE);
    return this.writer.run(() => writeJsonFile(path, this.file));
  }
}
