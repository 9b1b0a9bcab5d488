import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  paginateListUserPoolClients,
  paginateListUserPools,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CognitoResources, DEPLOYMENT_TAG } from './cognito-resources';
import { type ObservedState, PlanConflictError } from './plan';

/** The SDK client (its paginators insist on an instance), for AWS or any Cognito endpoint. */
export type CognitoClient = CognitoIdentityProviderClient;

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

async function describePool(client: CognitoClient, userPoolId: string): Promise<UserPoolType> {
  const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  if (!UserPool) throw new Error(`DescribeUserPool answered no pool for ${userPoolId}`);
  return UserPool;
}

/**
 * The deployment's pool, found again by its name; when several pools share the name, the one
 * tagged for this domain prefix. Never guesses between two candidates.
 */
async function findPool(
  client: CognitoClient,
  resources: CognitoResources,
): Promise<UserPoolType | undefined> {
  const ids: string[] = [];
  for await (const page of paginateListUserPools({ client }, { MaxResults: 60 })) {
    for (const pool of page.UserPools ?? []) {
      if (pool.Name === resources.userPool.name && pool.Id) ids.push(pool.Id);
    }
  }
  if (ids.length === 0) return undefined;
  const pools = await Promise.all(ids.map((id) => describePool(client, id)));
  if (pools.length === 1) return pools[0];
  const tagged = pools.filter(
    (pool) => pool.UserPoolTags?.[DEPLOYMENT_TAG] === resources.domain.prefix,
  );
  if (tagged.length === 1) return tagged[0];
  throw new PlanConflictError(
    `${pools.length} user pools are named ${resources.userPool.name} (${ids.join(', ')}) and ${tagged.length} of them carry the tag ${DEPLOYMENT_TAG}=${resources.domain.prefix}: tag the one to use, or delete the others`,
  );
}

async function findClientId(
  client: CognitoClient,
  userPoolId: string,
  name: string,
): Promise<string | undefined> {
  const ids: string[] = [];
  for await (const page of paginateListUserPoolClients(
    { client },
    { UserPoolId: userPoolId, MaxResults: 60 },
  )) {
    for (const appClient of page.UserPoolClients ?? []) {
      if (appClient.ClientName === name && appClient.ClientId) ids.push(appClient.ClientId);
    }
  }
  if (ids.length > 1) {
    throw new PlanConflictError(
      `user pool ${userPoolId} has ${ids.length} app clients named ${name} (${ids.join(', ')}): delete all but one`,
    );
  }
  return ids[0];
}

async function describeDomain(client: CognitoClient, prefix: string) {
  try {
    const { DomainDescription } = await client.send(
      new DescribeUserPoolDomainCommand({ Domain: prefix }),
    );
    // Cognito answers an empty description for a prefix nobody holds.
    return DomainDescription?.UserPoolId ? DomainDescription : undefined;
  } catch (error) {
    if (isNamed(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

async function userExists(client: CognitoClient, userPoolId: string, username: string) {
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return true;
  } catch (error) {
    if (isNamed(error, 'UserNotFoundException')) return false;
    throw error;
  }
}

/** Reads what Cognito holds for this deployment, with Describe and List calls only. */
export async function discover(
  client: CognitoClient,
  resources: CognitoResources,
  username?: string,
): Promise<ObservedState> {
  const pool = await findPool(client, resources);
  const clientId = pool?.Id
    ? await findClientId(client, pool.Id, resources.appClient.name)
    : undefined;
  const appClient =
    pool?.Id && clientId
      ? (
          await client.send(
            new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: clientId }),
          )
        ).UserPoolClient
      : undefined;
  const domain = await describeDomain(client, resources.domain.prefix);
  const found = pool?.Id && username ? await userExists(client, pool.Id, username) : undefined;
  return { pool, client: appClient, domain, userExists: found };
}
