import type {
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
  DeleteUserPoolClientRequest,
  DescribeUserPoolClientRequest,
  DescribeUserPoolClientResponse,
  ListUserPoolClientsRequest,
  ListUserPoolClientsResponse,
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Inject, Injectable } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../../local-cognito.constants';
import { RefreshTokenStore } from '../../oauth/refresh-token.store';
import { newClientId, newClientSecret } from '../../pools/identifiers';
import { UserPools } from '../../pools/user-pools';
import type { Clock } from '../../support/clock';
import { signedAction, type ActionFamily } from '../api-action';
import { invalidParameter } from '../api-error';
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  page,
  requiredString,
} from '../api-input';
import { describeClient } from '../descriptions';
import { requireClientRecord, requirePool } from '../pool-lookup';
import { clientSettings } from './client-settings';

function clientName(value: unknown): string {
  const name = requiredString(value, 'clientName');
  if (!/^[\w\s+=,.@-]{1,128}$/.test(name))
    throw invalidParameter('ClientName must be 1 to 128 letters, digits, spaces or + = , . @ -');
  return name;
}

/** The app clients of a pool: what the hosted UI, /oauth2/* and InitiateAuth enforce at once. */
@Injectable()
export class UserPoolClientActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly refreshTokens: RefreshTokenStore,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {}

  readonly actions = {
    CreateUserPoolClient: signedAction<CreateUserPoolClientRequest, CreateUserPoolClientResponse>(
      async (input) => {
        const pool = requirePool(this.pools, input.UserPoolId);
        const name = clientName(input.ClientName);
        const settings = clientSettings(input);
        const generate = optionalBoolean(input.GenerateSecret, 'generateSecret') ?? false;
        const given = optionalString(input.ClientSecret, 'clientSecret');
        if (given !== undefined && !/^[\w+]{24,64}$/.test(given))
          throw invalidParameter('ClientSecret must be 24 to 64 letters, digits, _ or +');
        const secret = given ?? (generate ? newClientSecret() : undefined);
        if (settings.AllowedOAuthFlows?.includes('client_credentials') && secret === undefined)
          throw invalidParameter(
            'client_credentials flow can not be selected if client does not have a client secret.',
          );
        const now = new Date(this.clock.now()).toISOString();
        const record = {
          UserPoolId: pool.id,
          ClientName: name,
          ClientId: newClientId(),
          ...(secret !== undefined ? { ClientSecret: secret } : {}),
          CreationDate: now,
          LastModifiedDate: now,
          ...settings,
        };
        await pool.change((file) => ({ ...file, clients: [...file.clients, record] }));
        return { UserPoolClient: describeClient(record) };
      },
    ),

    DescribeUserPoolClient: signedAction<
      DescribeUserPoolClientRequest,
      DescribeUserPoolClientResponse
    >((input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      return { UserPoolClient: describeClient(requireClientRecord(pool, input.ClientId)) };
    }),

    ListUserPoolClients: signedAction<ListUserPoolClientsRequest, ListUserPoolClientsResponse>(
      (input) => {
        const pool = requirePool(this.pools, input.UserPoolId);
        const { items, next } = page(
          pool.clientRecords,
          optionalInteger(input.MaxResults, 'maxResults', 1, 60) ?? 60,
          optionalString(input.NextToken, 'nextToken'),
          'NextToken',
        );
        return {
          UserPoolClients: items.map(({ ClientId, UserPoolId, ClientName }) => ({
            ClientId,
            UserPoolId,
            ClientName,
          })),
          ...(next !== undefined ? { NextToken: next } : {}),
        };
      },
    ),

    UpdateUserPoolClient: signedAction<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse>(
      async (input) => {
        const pool = requirePool(this.pools, input.UserPoolId);
        const existing = requireClientRecord(pool, input.ClientId);
        const settings = clientSettings(input);
        if (settings.AllowedOAuthFlows?.includes('client_credentials') && !existing.ClientSecret)
          throw invalidParameter(
            'client_credentials flow can not be selected if client does not have a client secret.',
          );
        const record = {
          UserPoolId: pool.id,
          ClientId: existing.ClientId,
          ClientName:
            input.ClientName === undefined ? existing.ClientName : clientName(input.ClientName),
          ...(existing.ClientSecret !== undefined ? { ClientSecret: existing.ClientSecret } : {}),
          CreationDate: existing.CreationDate,
          LastModifiedDate: new Date(this.clock.now()).toISOString(),
          ...settings,
        };
        await pool.change((file) => ({
          ...file,
          clients: file.clients.map((c) => (c.ClientId === record.ClientId ? record : c)),
        }));
        return { UserPoolClient: describeClient(record) };
      },
    ),

    DeleteUserPoolClient: signedAction<DeleteUserPoolClientRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const { ClientId } = requireClientRecord(pool, input.ClientId);
      await pool.change((file) => ({
        ...file,
        clients: file.clients.filter((c) => c.ClientId !== ClientId),
      }));
      await this.refreshTokens.revokeClients([ClientId]);
      return {};
    }),
  };
}
