import type {
  AdminAddUserToGroupRequest,
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse,
  AdminRemoveUserFromGroupRequest,
  CreateGroupRequest,
  CreateGroupResponse,
  DeleteGroupRequest,
  GetGroupRequest,
  GetGroupResponse,
  ListGroupsRequest,
  ListGroupsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Inject, Injectable } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../../local-cognito.constants';
import type { GroupRecord } from '../../pools/pool-records';
import type { UserPool } from '../../pools/user-pool';
import { UserPools } from '../../pools/user-pools';
import type { Clock } from '../../support/clock';
import { signedAction, type ActionFamily } from '../api-action';
import { CognitoApiError, invalidParameter, resourceNotFound } from '../api-error';
import { optionalInteger, optionalString, page, requiredString } from '../api-input';
import { describeGroup } from '../descriptions';
import { requirePool } from '../pool-lookup';
import { requireUser } from './admin-user.actions';

const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

function requireGroup(pool: UserPool, name: unknown): GroupRecord {
  const group = pool.group(requiredString(name, 'groupName'));
  if (!group) throw resourceNotFound('Group not found.');
  return group;
}

/** Groups, and membership: a user's groups are the `cognito:groups` of their tokens. */
@Injectable()
export class GroupActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {}

  readonly actions = {
    CreateGroup: signedAction<CreateGroupRequest, CreateGroupResponse>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const name = requiredString(input.GroupName, 'groupName');
      if (!GROUP_NAME.test(name)) throw invalidParameter('GroupName must be 1 to 128 characters');
      if (pool.group(name))
        throw new CognitoApiError('GroupExistsException', 'A group with the name already exists.');
      const now = new Date(this.clock.now()).toISOString();
      const precedence = optionalInteger(input.Precedence, 'precedence', 0, 2 ** 31 - 1);
      const group: GroupRecord = {
        GroupName: name,
        ...(input.Description !== undefined
          ? { Description: optionalString(input.Description, 'description') }
          : {}),
        ...(precedence !== undefined ? { Precedence: precedence } : {}),
        ...(input.RoleArn !== undefined
          ? { RoleArn: optionalString(input.RoleArn, 'roleArn') }
          : {}),
        CreationDate: now,
        LastModifiedDate: now,
      };
      await pool.change((file) => ({ ...file, groups: [...file.groups, group] }));
      return { Group: describeGroup(pool.id, group) };
    }),

    GetGroup: signedAction<GetGroupRequest, GetGroupResponse>((input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      return { Group: describeGroup(pool.id, requireGroup(pool, input.GroupName)) };
    }),

    ListGroups: signedAction<ListGroupsRequest, ListGroupsResponse>((input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const { items, next } = page(
        pool.groups,
        optionalInteger(input.Limit, 'limit', 1, 60) ?? 60,
        optionalString(input.NextToken, 'nextToken'),
        'NextToken',
      );
      return {
        Groups: items.map((group) => describeGroup(pool.id, group)),
        ...(next !== undefined ? { NextToken: next } : {}),
      };
    }),

    DeleteGroup: signedAction<DeleteGroupRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const { GroupName } = requireGroup(pool, input.GroupName);
      for (const user of pool.users.list().filter((u) => u.groups.includes(GroupName)))
        await pool.users.update(user.username, {
          groups: user.groups.filter((g) => g !== GroupName),
        });
      await pool.change((file) => ({
        ...file,
        groups: file.groups.filter((g) => g.GroupName !== GroupName),
      }));
      return {};
    }),

    AdminAddUserToGroup: signedAction<AdminAddUserToGroupRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const { GroupName } = requireGroup(pool, input.GroupName);
      const user = requireUser(pool, input.Username);
      if (!user.groups.includes(GroupName))
        await pool.users.update(user.username, { groups: [...user.groups, GroupName] });
      return {};
    }),

    AdminRemoveUserFromGroup: signedAction<AdminRemoveUserFromGroupRequest, object>(
      async (input) => {
        const pool = requirePool(this.pools, input.UserPoolId);
        const { GroupName } = requireGroup(pool, input.GroupName);
        const user = requireUser(pool, input.Username);
        await pool.users.update(user.username, {
          groups: user.groups.filter((g) => g !== GroupName),
        });
        return {};
      },
    ),

    AdminListGroupsForUser: signedAction<
      AdminListGroupsForUserRequest,
      AdminListGroupsForUserResponse
    >((input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const user = requireUser(pool, input.Username);
      const groups = user.groups
        .map((name) => pool.group(name) ?? { GroupName: name })
        .map((group) => describeGroup(pool.id, group));
      const { items, next } = page(
        groups,
        optionalInteger(input.Limit, 'limit', 1, 60) ?? 60,
        optionalString(input.NextToken, 'nextToken'),
        'NextToken',
      );
      return { Groups: items, ...(next !== undefined ? { NextToken: next } : {}) };
    }),
  };
}
