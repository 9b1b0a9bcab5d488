import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { LocalCognitoSeedUser } from '../local-cognito.config';
import type { Clock } from '../support/clock';
import { SerialWriter, readJsonFile, writeJsonFile } from '../support/state-files';
import { hashForUnknownUser, hashPassword, verifyPassword } from './password-hash';

/** Cognito's user statuses that the local Cognito produces. */
export type UserStatus = 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

/** A user as the rest of the IdP sees it: never with the password hash. */
export interface LocalCognitoUser {
  /** Random UUID, fixed at creation: the stable subject across restarts. */
  sub: string;
  username: string;
  /** Empty when the user has no email address (possible for users made through the API). */
  email: string;
  emailVerified: boolean;
  /** Empty when the user has none. */
  nickname: string;
  groups: string[];
  createdAt: string;
  updatedAt: string;
  /** When the password was last set (a temporary password expires some days after). */
  passwordSetAt: string;
  status: UserStatus;
  /** AdminDisableUser turns this off: no sign-in anywhere, no refresh. */
  enabled: boolean;
  /** Every other attribute (name, given_name, phone_number, custom:…), as Cognito's strings. */
  attributes: Record<string, string>;
}

export interface NewUser {
  username: string;
  password: string;
  email: string;
  nickname: string;
  groups?: string[];
  status?: UserStatus;
  emailVerified?: boolean;
  attributes?: Record<string, string>;
}

/** What AdminUpdateUserAttributes, AdminDisableUser, … may change. */
export type UserChanges = Partial<
  Pick<
    LocalCognitoUser,
    'email' | 'emailVerified' | 'nickname' | 'groups' | 'status' | 'enabled' | 'attributes'
  >
>;

interface StoredUser extends LocalCognitoUser {
  passwordHash: string;
}

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`User already exists: ${username}`);
  }
}

export class UnknownUserError extends Error {
  constructor() {
    super('User does not exist.');
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

/** Files written before users had a status, a switch and free attributes read as confirmed users. */
function withDefaults(user: StoredUser): StoredUser {
  return {
    ...user,
    updatedAt: user.updatedAt ?? user.createdAt,
    passwordSetAt: user.passwordSetAt ?? user.updatedAt ?? user.createdAt,
    status: user.status ?? 'CONFIRMED',
    enabled: user.enabled ?? true,
    attributes: user.attributes ?? {},
  };
}

function withoutHash({ passwordHash: _hash, ...user }: StoredUser): LocalCognitoUser {
  return { ...user, groups: [...user.groups], attributes: { ...user.attributes } };
}

/**
 * A pool's users, in `users.json` of the pool's folder: `{ "users": [{ sub, username, email,
 * emailVerified, nickname, groups, createdAt, updatedAt, status, enabled, attributes, passwordHash
 * }] }`. Usernames are unique ignoring case, as in a new Cognito pool.
 */
export class UserStore {
  private readonly writer = new SerialWriter();

  private constructor(
    private readonly path: string,
    private users: StoredUser[],
    private readonly clock: Clock,
  ) {}

  /** Loads the users, then adds each seed user that does not exist yet (existing ones are kept as they are). */
  static async open(
    stateDir: string,
    seedUsers: LocalCognitoSeedUser[],
    clock: Clock,
  ): Promise<UserStore> {
    const path = join(stateDir, USERS_FILE);
    const content = (await readJsonFile(path)) as { users?: unknown } | undefined;
    const users = content === undefined ? [] : content.users;
    if (!Array.isArray(users) || !users.every(isStoredUser)) {
      throw new Error(`${path} is not a local Cognito user list`);
    }
    const store = new UserStore(path, users.map(withDefaults), clock);
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

  /** Every user, in creation order. */
  list(): LocalCognitoUser[] {
    return this.users.map(withoutHash);
  }

  get size(): number {
    return this.users.length;
  }

  /**
   * The user when the password is right, whatever their status or switch (the caller decides what
   * a disabled or not yet confirmed user gets); timing does not depend on whether the username exists.
   */
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
    const now = new Date(this.clock.now()).toISOString();
    const user: StoredUser = {
      sub: randomUUID(),
      username: input.username,
      email: input.email,
      // The hosted sign-up has no confirmation step: its addresses count as verified.
      emailVerified: input.emailVerified ?? true,
      nickname: input.nickname.trim(),
      groups: input.groups ?? [],
      createdAt: now,
      updatedAt: now,
      passwordSetAt: now,
      status: input.status ?? 'CONFIRMED',
      enabled: true,
      attributes: input.attributes ?? {},
      passwordHash,
    };
    this.users.push(user);
    await this.save();
    return withoutHash(user);
  }

  /** A new password, and the status it leaves the user in (CONFIRMED, or FORCE_CHANGE_PASSWORD). */
  async setPassword(username: string, password: string, status: UserStatus): Promise<void> {
    const passwordHash = await hashPassword(password);
    const user = this.requireStored(username);
    user.passwordHash = passwordHash;
    user.status = status;
    user.updatedAt = new Date(this.clock.now()).toISOString();
    user.passwordSetAt = user.updatedAt;
    await this.save();
  }

  async update(username: string, changes: UserChanges): Promise<LocalCognitoUser> {
    const user = this.requireStored(username);
    Object.assign(user, changes, { updatedAt: new Date(this.clock.now()).toISOString() });
    await this.save();
    return withoutHash(user);
  }

  async delete(username: string): Promise<void> {
    const user = this.requireStored(username);
    this.users = this.users.filter((candidate) => candidate !== user);
    await this.save();
  }

  private requireStored(username: string): StoredUser {
    const user = this.findStored(username);
    if (!user) throw new UnknownUserError();
    return user;
  }

  private findStored(username: string): StoredUser | undefined {
    const key = username.toLowerCase();
    return this.users.find((user) => user.username.toLowerCase() === key);
  }

  private save(): Promise<void> {
    return this.writer.run(() => writeJsonFile(this.path, { users: this.users }));
  }
}
