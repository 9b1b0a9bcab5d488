import type {
  CreateUserPoolRequest,
  CreateUserPoolResponse,
  DeleteUserPoolRequest,
  DescribeUserPoolRequest,
  DescribeUserPoolResponse,
  ListUserPoolsRequest,
  ListUserPoolsResponse,
  SchemaAttributeType,
  UpdateUserPoolRequest,
  UpdateUserPoolResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Inject, Injectable } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../../local-cognito.constants';
import { RefreshTokenStore } from '../../oauth/refresh-token.store';
import { newPoolId, poolArn } from '../../pools/identifiers';
import { DEFAULT_PASSWORD_POLICY } from '../../pools/password-policy';
import type { PoolRecord } from '../../pools/pool-records';
import { UserPools } from '../../pools/user-pools';
import type { Clock } from '../../support/clock';
import { STANDARD_ATTRIBUTES } from '../user-attributes';
import { signedAction, type ActionFamily } from '../api-action';
import { invalidParameter } from '../api-error';
import { optionalInteger, optionalString, page, requiredString } from '../api-input';
import { dateOf, describePool } from '../descriptions';
import { requirePool } from '../pool-lookup';

/** The settings CreateUserPool and UpdateUserPool store as given (and DescribeUserPool shows). */
const STORED_SETTINGS = [
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'MfaConfiguration',
  'UserAttributeUpdateSettings',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'UserPoolTier',
] as const;

/** Set once at creation (UpdateUserPool cannot change them). */
const CREATION_ONLY = ['AliasAttributes', 'UsernameAttributes', 'UsernameConfiguration'] as const;

function pick(input: object, keys: readonly string[]): Partial<PoolRecord> {
  const source = input as Record<string, unknown>;
  return Object.fromEntries(
    keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]),
  );
}

/** Custom attributes are named `custom:…` once created, as in Cognito. */
function schemaAttributes(schema: SchemaAttributeType[] | undefined): SchemaAttributeType[] {
  return (schema ?? []).map((attribute) => {
    const name = requiredString(attribute?.Name, 'schema.member.name');
    return STANDARD_ATTRIBUTES.has(name) || name.startsWith('custom:')
      ? attribute
      : { ...attribute, Name: `custom:${name}` };
  });
}

/** CreateUserPool, DescribeUserPool, ListUserPools, UpdateUserPool, DeleteUserPool. */
@Injectable()
export class UserPoolActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly refreshTokens: RefreshTokenStore,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {}

  readonly actions = {
    CreateUserPool: signedAction<CreateUserPoolRequest, CreateUserPoolResponse>(
      async (input, { region }) => {
        const name = requiredString(input.PoolName, 'poolName');
        if (name.length > 128) throw invalidParameter('PoolName must be at most 128 characters');
        const now = new Date(this.clock.now()).toISOString();
        const id = newPoolId(region);
        const pool = await this.pools.create({
          pool: {
            Id: id,
            Name: name,
            Arn: poolArn(region, id),
            Status: 'Enabled',
            CreationDate: now,
            LastModifiedDate: now,
            MfaConfiguration: 'OFF',
            DeletionProtection: 'INACTIVE',
            AdminCreateUserConfig: {
              AllowAdminCreateUserOnly: false,
              UnusedAccountValidityDays: 7,
            },
            UsernameConfiguration: { CaseSensitive: false },
            ...pick(input, [...STORED_SETTINGS, ...CREATION_ONLY]),
            Policies: input.Policies ?? { PasswordPolicy: DEFAULT_PASSWORD_POLICY },
            SchemaAttributes: schemaAttributes(input.Schema),
          },
          clients: [],
          groups: [],
        });
        return { UserPool: describePool(pool) };
      },
    ),

    DescribeUserPool: signedAction<DescribeUserPoolRequest, DescribeUserPoolResponse>((input) => ({
      UserPool: describePool(requirePool(this.pools, input.UserPoolId)),
    })),

    ListUserPools: signedAction<ListUserPoolsRequest, ListUserPoolsResponse>((input) => {
      const limit = optionalInteger(input.MaxResults, 'maxResults', 1, 60);
      if (limit === undefined) throw invalidParameter('MaxResults is required (1 to 60)');
      const { items, next } = page(
        this.pools.list(),
        limit,
        optionalString(input.NextToken, 'nextToken'),
        'NextToken',
      );
      return {
        UserPools: items.map(({ record }) => ({
          Id: record.Id,
          Name: record.Name,
          LambdaConfig: record.LambdaConfig ?? {},
          Status: record.Status,
          CreationDate: dateOf(record.CreationDate),
          LastModifiedDate: dateOf(record.LastModifiedDate),
        })),
        ...(next !== undefined ? { NextToken: next } : {}),
      };
    }),

    UpdateUserPool: signedAction<UpdateUserPoolRequest, UpdateUserPoolResponse>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const now = new Date(this.clock.now()).toISOString();
      await pool.change((file) => ({
        ...file,
        pool: { ...file.pool, ...pick(input, STORED_SETTINGS), LastModifiedDate: now },
      }));
      return {};
    }),

    DeleteUserPool: signedAction<DeleteUserPoolRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      if (pool === this.pools.defaultPool)
        throw invalidParameter(
          'The local Cognito cannot delete its configured user pool (LOCAL_COGNITO_USER_POOL_ID).',
        );
      if (pool.record.DeletionProtection === 'ACTIVE')
        throw invalidParameter(
          'The user pool cannot be deleted because deletion protection is activated.',
        );
      const clientIds = pool.clientRecords.map((client) => client.ClientId);
      await this.pools.delete(pool);
      await this.refreshTokens.revokeClients(clientIds);
      return {};
    }),
  };
}
