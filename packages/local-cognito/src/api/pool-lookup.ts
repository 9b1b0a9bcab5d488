import type { UserPool } from '../pools/user-pool';
import type { UserPools } from '../pools/user-pools';
import type { ClientRecord } from '../pools/pool-records';
import { resourceNotFound } from './api-error';
import { requiredString } from './api-input';

/** The pool an input's `UserPoolId` names, or Cognito's ResourceNotFoundException. */
export function requirePool(pools: UserPools, userPoolId: unknown): UserPool {
  const id = requiredString(userPoolId, 'userPoolId');
  const pool = pools.find(id);
  if (!pool) throw resourceNotFound(`User pool ${id} does not exist.`);
  return pool;
}

export function requireClientRecord(pool: UserPool, clientId: unknown): ClientRecord {
  const id = requiredString(clientId, 'clientId');
  const client = pool.clientRecord(id);
  if (!client) throw resourceNotFound(`User pool client ${id} does not exist.`);
  return client;
}
