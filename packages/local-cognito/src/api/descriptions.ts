import type {
  AttributeType,
  GroupType,
  UserPoolClientType,
  UserPoolType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClientRecord, GroupRecord } from '../pools/pool-records';
import type { UserPool } from '../pools/user-pool';
import type { LocalCognitoUser } from '../users/user.store';

/** A stored ISO date as the Date the SDK types want (sent as epoch seconds, wire-json.ts). */
export function dateOf(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : new Date(iso);
}

export function describePool(pool: UserPool): UserPoolType {
  const { CreationDate, LastModifiedDate, ...record } = pool.record;
  return {
    ...record,
    CreationDate: dateOf(CreationDate),
    LastModifiedDate: dateOf(LastModifiedDate),
    EstimatedNumberOfUsers: pool.users.size,
    ...(pool.domain !== undefined ? { Domain: pool.domain } : {}),
  };
}

export function describeClient(record: ClientRecord): UserPoolClientType {
  const { CreationDate, LastModifiedDate, ...rest } = record;
  return {
    ...rest,
    CreationDate: dateOf(CreationDate),
    LastModifiedDate: dateOf(LastModifiedDate),
  };
}

export function describeGroup(poolId: string, record: GroupRecord): GroupType {
  const { CreationDate, LastModifiedDate, ...rest } = record;
  return {
    ...rest,
    UserPoolId: poolId,
    CreationDate: dateOf(CreationDate),
    LastModifiedDate: dateOf(LastModifiedDate),
  };
}

/** A user's attributes as Cognito lists them: sub first, strings only. */
export function attributesOf(user: LocalCognitoUser): AttributeType[] {
  const pairs: [string, string][] = [
    ['sub', user.sub],
    ...(user.email !== ''
      ? ([
          ['email', user.email],
          ['email_verified', String(user.emailVerified)],
        ] as [string, string][])
      : []),
    ...(user.nickname !== '' ? ([['nickname', user.nickname]] as [string, string][]) : []),
    ...Object.entries(user.attributes),
  ];
  return pairs.map(([Name, Value]) => ({ Name, Value }));
}

export function describeUser(user: LocalCognitoUser): UserType {
  return {
    Username: user.username,
    Attributes: attributesOf(user),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
