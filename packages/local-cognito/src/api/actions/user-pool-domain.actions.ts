import type {
  CreateUserPoolDomainRequest,
  CreateUserPoolDomainResponse,
  DeleteUserPoolDomainRequest,
  DescribeUserPoolDomainRequest,
  DescribeUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { LocalCognitoUrls } from '../../local-cognito.urls';
import { LOCAL_ACCOUNT_ID } from '../../pools/identifiers';
import { UserPools } from '../../pools/user-pools';
import { signedAction, type ActionFamily } from '../api-action';
import { invalidParameter } from '../api-error';
import { requiredString } from '../api-input';
import { requirePool } from '../pool-lookup';

/** A prefix domain (`{prefix}.auth.{region}.amazoncognito.com`) or a custom domain's host name. */
const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Domains. Every pool's hosted UI and OAuth endpoints answer at the local Cognito's one origin
 * (the client_id names the pool), so a domain is a name kept for the API: DescribeUserPoolDomain
 * answers with that origin's host as the `CloudFrontDistribution`, the address the domain
 * would point at, and the app's COGNITO_DOMAIN for any pool is the local Cognito's origin.
 */
@Injectable()
export class UserPoolDomainActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly urls: LocalCognitoUrls,
  ) {}

  readonly actions = {
    CreateUserPoolDomain: signedAction<CreateUserPoolDomainRequest, CreateUserPoolDomainResponse>(
      async (input) => {
        const pool = requirePool(this.pools, input.UserPoolId);
        const domain = requiredString(input.Domain, 'domain');
        const custom = input.CustomDomainConfig !== undefined;
        if (!(custom ? HOST_NAME : PREFIX).test(domain))
          throw invalidParameter(
            custom
              ? `${domain} is not a valid domain name`
              : 'Domain must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen',
          );
        if (this.pools.findByDomain(domain))
          throw invalidParameter('Domain already associated with another user pool.');
        if (pool.domain !== undefined)
          throw invalidParameter(`User pool ${pool.id} already has a domain configured.`);
        await pool.change((file) => ({ ...file, domain }));
        return {
          ...(custom ? { CloudFrontDistribution: this.cloudFront } : {}),
          ManagedLoginVersion: input.ManagedLoginVersion ?? 1,
        };
      },
    ),

    DescribeUserPoolDomain: signedAction<
      DescribeUserPoolDomainRequest,
      DescribeUserPoolDomainResponse
    >((input) => {
      const domain = requiredString(input.Domain, 'domain');
      const pool = this.pools.findByDomain(domain);
      // Cognito answers an unknown domain with an empty description, not an error.
      if (!pool) return { DomainDescription: {} };
      return {
        DomainDescription: {
          UserPoolId: pool.id,
          AWSAccountId: LOCAL_ACCOUNT_ID,
          Domain: domain,
          CloudFrontDistribution: this.cloudFront,
          Version: '1',
          Status: 'ACTIVE',
          ManagedLoginVersion: 1,
        },
      };
    }),

    DeleteUserPoolDomain: signedAction<DeleteUserPoolDomainRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const domain = requiredString(input.Domain, 'domain');
      if (pool.domain !== domain)
        throw invalidParameter(`No such domain ${domain} for user pool ${pool.id}.`);
      await pool.change(({ domain: _removed, ...file }) => file);
      return {};
    }),
  };

  /** Where every domain is served: this local Cognito's host and port. */
  private get cloudFront(): string {
    return new URL(this.urls.origin).host;
  }
}
