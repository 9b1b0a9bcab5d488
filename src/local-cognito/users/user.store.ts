import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { LocalCognitoSeedUser } from '../local-cognito.config';
import { SerialWriter, readJsonFile, writeJsonFile } from '../support/state-files';
import { hashForUnknownUser, hashPassword, verifyPassword } from './password-hash';

/** A user as the rest of the IdP sees it: never with the password hash. */
export interface LocalCognitoUser {
  /** Random UUID, fixed at creation: the stable subject across restarts. */
  sub: string;
  username: string;
  email: string;
  emailVerified: boolean;
  nickname: string;
  groups: string[];
  createdAt: string;
}

export interface NewUser {
  username: string;
  password: string;
  email: string;
  nickname: string;
  groups?: string[];
}

interface StoredUser extends LocalCognitoUser {
  passwordHash: string;
}

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`User already exists: ${username}`);
  }
}

export const USERS_FILE = 'users.json';

function isStoredUser(value: unknown): value is StoredUser {
  const user = value as Partial<StoredUser> | null;
  return (
    typeof user === 'object' &&
    user !== null &&
    ['sub', 'username', 'email', 'nickname', 'passwordHash', 'createdAt'].every(
      (field) => typeof user[field as keyof StoredUser] === 'string',
    ) &&
    typeof user.emailVerified === 'boolean' &&
    Array.isArray(user.groups)
  );
}

function withoutHash({ passwordHash: _hash, ...user }: StoredUser): LocalCognitoUser {
  return { ...user, groups: [...user.groups] };
}

/**
 * `DATA_DIR/local-cognito/users.json`: `{ "users": [{ sub, username, email, emailVerified, nickname,
 * groups, createdAt, passwordHash }] }`. Usernames are unique ignoring case, as in a new Cognito pool.
 */
export class UserStore {
  private readonly writer = new SerialWriter();

  private constructor(
    private readonly path: string,
    private readonly users: StoredUser[],
  ) {}

  /** Loads the users, then adds each seed user that does not exist yet (existing ones are kept as they are). */
  static async open(stateDir: string, seedUsers: LocalCognitoSeedUser[]): Promise<UserStore> {
    const path = join(stateDir, USERS_FILE);
    const content = (await readJsonFile(path)) as { users?: unknown } | undefined;
    const users = content === undefined ? [] : content.users;
    if (!Array.isArray(users) || !users.every(isStoredUser)) {
      throw new Error(`${path} is not a local Cognito user list`);
    }
    const store = new UserStore(path, users);
    await hashForUnknownUser(); // computed now, so even the first unknown username costs one hash
    const missing = seedUsers.filter((seed) => !store.findStored(seed.username));
    for (const seed of missing) await store.create(seed);
    if (content === undefined && missing.length === 0) await store.save();
    return store;
  }

  findByUsername(username: string): LocalCognitoUser | undefined {
    const user = this.findStored(username);
    return user && withoutHash(user);
  }

  findBySub(sub: string): LocalCognitoUser | undefined {
    const user = this.users.find((candidate) => candidate.sub === sub);
    return user && withoutHash(user);
  }

  /** The user when the password is right; timing does not depend on whether the username exists. */
  async authenticate(username: string, password: string): Promise<LocalCognitoUser | undefined> {
    const user = this.findStored(username);
    const matches = await verifyPassword(
      password,
      user?.passwordHash ?? (await hashForUnknownUser()),
    );
    return user && matches ? withoutHash(user) : undefined;
  }

  async create(input: NewUser): Promise<LocalCognitoUser> {
    const passwordHash = await hashPassword(input.password);
    // Checked after the (slow) hashing and before any await, so two sign-ups cannot both win.
    if (this.findStored(input.username)) throw new UsernameTakenError(input.username);
    const user: StoredUser = {
      sub: randomUUID(),
      username: input.username,
      email: input.email,
      // There is no confirmation step locally: addresses count as verified, as after a confirmed sign-up.
      emailVerified: true,
      nickname: input.nickname.trim(),
      groups: input.groups ?? [],
      createdAt: new Date().toISOString(),
      passwordHash,
    };
    this.users.push(user);
    await this.save();
    return withoutHash(user);
  }

  private findStored(username: string): StoredUser | undefined {
    const key = username.toLowerCase();
    return this.users.find((user) => user.username.toLowerCase() === key);
  }

  private save(): Promise<void> {
    return this.writer.run(() => writeJsonFile(this.path, { users: this.users }));
  }
}
