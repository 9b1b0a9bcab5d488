import type {
  GroupType,
  UserPoolClientType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * A pool, app client or group as stored in its pool's `pool.json`: the Cognito API's own shape
 * (`UserPoolType`, `UserPoolClientType`, `GroupType`), with dates as ISO strings so the file reads
 * as plain JSON. The API answers are built from these records, so what DescribeUserPool shows is
 * exactly what the hosted UI and the OAuth endpoints enforce.
 */
export type Stored<T> = {
  [K in keyof T]: Exclude<T[K], undefined> extends Date ? string | undefined : T[K];
};

export type PoolRecord = Stored<UserPoolType> & { Id: string; Name: string };
export type ClientRecord = Stored<UserPoolClientType> & {
  ClientId: string;
  ClientName: string;
  UserPoolId: string;
};
export type GroupRecord = Stored<GroupType> & { GroupName: string };

/** Everything `pool.json` holds besides the users (`users.json`) and keys (`signing-keys.json`). */
export interface PoolFile {
  pool: PoolRecord;
  clients: ClientRecord[];
  groups: GroupRecord[];
  /** The pool's domain prefix (CreateUserPoolDomain), if any. */
  domain?: string;
}

export function isPoolFile(value: unknown): value is PoolFile {
  const file = value as Partial<PoolFile> | null;
  return (
    typeof file === 'object' &&
    file !== null &&
    typeof file.pool?.Id === 'string' &&
    Array.isArray(file.clients) &&
    Array.isArray(file.groups)
  );
}
