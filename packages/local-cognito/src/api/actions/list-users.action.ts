import type {
  ListUsersRequest,
  ListUsersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { UserPools } from '../../pools/user-pools';
import type { LocalCognitoUser } from '../../users/user.store';
import { signedAction, type ActionFamily } from '../api-action';
import { invalidParameter } from '../api-error';
import { optionalInteger, optionalString, optionalStrings, page } from '../api-input';
import { describeUser } from '../descriptions';
import { requirePool } from '../pool-lookup';

/** The attributes Cognito lets ListUsers filter on. */
const FILTERABLE = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
];
/** `name = "value"` (exact) or `name ^= "value"` (starts with); quotes inside escaped with `\`. */
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export interface UserFilter {
  attribute: string;
  prefix: boolean;
  value: string;
}

/** Cognito's Filter syntax; an empty filter lists everyone. */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = FILTER.exec(filter);
  if (!match) throw invalidParameter('Error while parsing filter.');
  const [, attribute, operator, quoted] = match;
  if (!FILTERABLE.includes(attribute))
    throw invalidParameter(`Invalid search attribute: ${attribute}`);
  return { attribute, prefix: operator === '^=', value: quoted.replace(/\\(.)/g, '$1') };
}

function valueOf(user: LocalCognitoUser, attribute: string): string | undefined {
  switch (attribute) {
    case 'username':
      return user.username;
    case 'email':
      return user.email || undefined;
    case 'sub':
      return user.sub;
    case 'cognito:user_status':
      return user.status;
    case 'status':
      return user.enabled ? 'Enabled' : 'Disabled';
    default:
      return user.attributes[attribute];
  }
}

export function matchesFilter(user: LocalCognitoUser, filter: UserFilter | undefined): boolean {
  if (!filter) return true;
  const value = valueOf(user, filter.attribute);
  if (value === undefined) return false;
  return filter.prefix ? value.startsWith(filter.value) : value === filter.value;
}

/** ListUsers: Filter, Limit (at most 60), PaginationToken, AttributesToGet. */
@Injectable()
export class ListUsersAction implements ActionFamily {
  constructor(private readonly pools: UserPools) {}

  readonly actions = {
    ListUsers: signedAction<ListUsersRequest, ListUsersResponse>((input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const filter = parseUserFilter(optionalString(input.Filter, 'filter'));
      const wanted = optionalStrings(input.AttributesToGet, 'attributesToGet');
      const { items, next } = page(
        pool.users.list().filter((user) => matchesFilter(user, filter)),
        optionalInteger(input.Limit, 'limit', 0, 60) || 60,
        optionalString(input.PaginationToken, 'paginationToken'),
        'PaginationToken',
      );
      return {
        Users: items.map((user) => {
          const described = describeUser(user);
          return wanted === undefined
            ? described
            : {
                ...described,
                Attributes: described.Attributes?.filter((a) => wanted.includes(a.Name ?? '')),
              };
        }),
        ...(next !== undefined ? { PaginationToken: next } : {}),
      };
    }),
  };
}
