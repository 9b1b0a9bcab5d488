import type { UserPoolClientType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoResources } from './cognito-resources';
import { createUserPoolClientInput, createUserPoolInput } from './cognito-sdk-inputs';
import { type ObservedState, PlanConflictError, planProvisioning } from './plan';

const BASE_URL = 'https://photos.example.com';
const PREFIX = 'photos-example';
const resources = cognitoResources(BASE_URL, PREFIX);
const POOL_ID = 'eu-west-1_AbC123';
const CLIENT_ID = 'client123';

/** What DescribeUserPool answers for a pool CreateUserPool made from the description. */
function describedPool(overrides: Partial<UserPoolType> = {}): UserPoolType {
  const input = createUserPoolInput(resources.userPool);
  return {
    Id: POOL_ID,
    Name: input.PoolName,
    Policies: input.Policies,
    DeletionProtection: input.DeletionProtection,
    AutoVerifiedAttributes: input.AutoVerifiedAttributes,
    AliasAttributes: input.AliasAttributes,
    SchemaAttributes: [
      { Name: 'sub', Required: true },
      ...input.Schema!.map(({ Name, Required }) => ({ Name, Required })),
    ],
    AdminCreateUserConfig: input.AdminCreateUserConfig,
    UserPoolTags: input.UserPoolTags,
    Domain: PREFIX,
    ...overrides,
  };
}

/** What DescribeUserPoolClient answers for the client CreateUserPoolClient made. */
function describedClient(
  baseUrl = BASE_URL,
  overrides: Partial<UserPoolClientType> = {},
): UserPoolClientType {
  const { GenerateSecret: _, ...input } = createUserPoolClientInput(
    POOL_ID,
    cognitoResources(baseUrl, PREFIX).appClient,
  );
  return { ...input, ClientId: CLIENT_ID, ClientSecret: 'secret', ...overrides };
}

const existing = (overrides: Partial<ObservedState> = {}): ObservedState => ({
  pool: describedPool(),
  client: describedClient(),
  domain: { Domain: PREFIX, UserPoolId: POOL_ID, Status: 'ACTIVE' },
  ...overrides,
});

describe('planProvisioning', () => {
  it('creates the pool, the client and the domain on an empty Cognito', () => {
    const plan = planProvisioning({}, { resources });
    expect(plan.steps).toEqual([
      { action: 'create-pool' },
      { action: 'create-client' },
      { action: 'create-domain' },
    ]);
    expect(plan.unchanged).toEqual([]);
  });

  it('also creates the first user when asked, after the pool', () => {
    const user = { username: 'alice', email: 'alice@example.com' };
    const plan = planProvisioning({}, { resources, user });
    expect(plan.steps.at(-1)).toEqual({ action: 'create-user', user });
  });

  it('changes nothing when Cognito already holds the deployment', () => {
    const plan = planProvisioning(existing({ userExists: true }), {
      resources,
      user: { username: 'alice', email: 'alice@example.com' },
    });
    expect(plan.steps).toEqual([]);
    expect(plan.unchanged).toEqual([
      `user pool photos-${PREFIX} (${POOL_ID})`,
      `app client photos-web (${CLIENT_ID})`,
      `domain ${PREFIX}`,
      'user alice',
    ]);
  });

  it('reads token lifetimes in whatever units Cognito answers them', () => {
    const client = describedClient(BASE_URL, {
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 12,
      TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'hours' },
    });
    expect(planProvisioning(existing({ client }), { resources }).steps).toEqual([]);
  });

  it('moves only the client URLs when the base URL changed', () => {
    const moved = cognitoResources('https://new.example.com', PREFIX);
    const plan = planProvisioning(existing(), { resources: moved });
    expect(plan.steps).toEqual([
      {
        action: 'update-client',
        changes: [
          `callback URLs [${BASE_URL}/callback] -> [https://new.example.com/callback]`,
          `sign-out URLs [${BASE_URL}/] -> [https://new.example.com/]`,
        ],
      },
    ]);
  });

  it('brings a pool changed by hand back to the description', () => {
    const pool = describedPool({
      DeletionProtection: 'INACTIVE',
      Policies: { PasswordPolicy: { MinimumLength: 6 } },
    });
    const [step] = planProvisioning(existing({ pool }), { resources }).steps;
    expect(step.action).toBe('update-pool');
    expect(step).toHaveProperty('changes', expect.arrayContaining(['deletion protection']));
  });

  it('creates a missing client and domain in a pool that exists', () => {
    const plan = planProvisioning({ pool: describedPool({ Domain: undefined }) }, { resources });
    expect(plan.steps).toEqual([{ action: 'create-client' }, { action: 'create-domain' }]);
  });

  it('refuses a domain prefix another pool holds', () => {
    const state = { domain: { Domain: PREFIX, UserPoolId: 'eu-west-1_Other' } };
    expect(() => planProvisioning(state, { resources })).toThrow(
      new PlanConflictError(
        `the domain prefix ${PREFIX} belongs to another user pool (eu-west-1_Other)`,
      ),
    );
  });

  it('refuses what Cognito cannot change: sign-in attributes, a client without a secret', () => {
    const byEmail = describedPool({ UsernameAttributes: ['email'], AliasAttributes: undefined });
    expect(() => planProvisioning(existing({ pool: byEmail }), { resources })).toThrow(
      PlanConflictError,
    );
    const publicClient = describedClient(BASE_URL, { ClientSecret: undefined });
    expect(() => planProvisioning(existing({ client: publicClient }), { resources })).toThrow(
      /has no secret/,
    );
  });
});
