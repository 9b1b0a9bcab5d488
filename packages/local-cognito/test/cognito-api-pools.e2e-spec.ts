import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  InvalidParameterException,
  InvalidPasswordException,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  UsernameExistsException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cognitoApi, STRONG_PASSWORD } from './support/cognito-api';
import { CLIENT_ID, TestIdp } from './support/test-idp';

/** Pools, app clients, domains and AdminCreateUser through the real AWS SDK client. */
describe('local Cognito API: pools, clients, domains', () => {
  let idp: TestIdp;
  let api: CognitoIdentityProviderClient;

  beforeAll(async () => {
    idp = await TestIdp.start();
    api = cognitoApi(idp);
  });

  afterAll(async () => {
    api.destroy();
    await idp.close();
  });

  async function newPool(name = 'Shop'): Promise<string> {
    const { UserPool } = await api.send(new CreateUserPoolCommand({ PoolName: name }));
    return UserPool?.Id ?? '';
  }

  it('creates a pool in the region of the request, with Cognito’s defaults, and describes it', async () => {
    const created = await api.send(
      new CreateUserPoolCommand({
        PoolName: 'Shop',
        UserPoolTags: { team: 'web' },
        Schema: [{ Name: 'plan', AttributeDataType: 'String', Mutable: true }],
      }),
    );
    const pool = created.UserPool;
    expect(pool?.Id).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
    expect(pool).toMatchObject({
      Name: 'Shop',
      Status: 'Enabled',
      MfaConfiguration: 'OFF',
      UserPoolTags: { team: 'web' },
      Arn: `arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${pool?.Id}`,
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: true } },
      EstimatedNumberOfUsers: 0,
    });
    expect(pool?.SchemaAttributes).toContainEqual(expect.objectContaining({ Name: 'custom:plan' }));
    expect(pool?.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs((pool?.CreationDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    const described = await api.send(new DescribeUserPoolCommand({ UserPoolId: pool?.Id }));
    expect(described.UserPool?.Name).toBe('Shop');
  });

  it('lists pools page by page, the configured pool among them', async () => {
    await newPool('Listed A');
    await newPool('Listed B');
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.send(new ListUserPoolsCommand({ MaxResults: 1, NextToken: token }));
      expect(page.UserPools?.length).toBe(1);
      ids.push(...(page.UserPools ?? []).map((p) => p.Id ?? ''));
      token = page.NextToken;
    } while (token);
    expect(ids).toContain('us-local-1_Photos');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);
  });

  it('updates a pool’s settings, and its password policy applies at once', async () => {
    const poolId = await newPool();
    await api.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        Policies: { PasswordPolicy: { MinimumLength: 12 } },
      }),
    );
    const { UserPool } = await api.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(12);
    await expect(
      api.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'shorty',
          TemporaryPassword: 'Short1!x',
        }),
      ),
    ).rejects.toThrow(InvalidPasswordException);
  });

  it('deletes a pool, after which it does not exist; deletion protection and the configured pool refuse', async () => {
    const poolId = await newPool();
    await api.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    await expect(api.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).rejects.toThrow(
      ResourceNotFoundException,
    );
    const issuerJwks = await fetch(idp.url(`/${poolId}/.well-known/jwks.json`));
    expect(issuerJwks.status).toBe(404);

    const { UserPool } = await api.send(
      new CreateUserPoolCommand({ PoolName: 'Kept', DeletionProtection: 'ACTIVE' }),
    );
    await expect(api.send(new DeleteUserPoolCommand({ UserPoolId: UserPool?.Id }))).rejects.toThrow(
      InvalidParameterException,
    );
    await expect(
      api.send(new DeleteUserPoolCommand({ UserPoolId: 'us-local-1_Photos' })),
    ).rejects.toThrow(InvalidParameterException);
  });

  it('creates a client with a generated secret and its OAuth settings, and describes it exactly', async () => {
    const poolId = await newPool();
    const { UserPoolClient: client } = await api.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'shop-web',
        GenerateSecret: true,
        CallbackURLs: ['https://shop.example.com/callback'],
        LogoutURLs: ['https://shop.example.com/'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        AllowedOAuthFlowsUserPoolClient: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 10,
        TokenValidityUnits: { AccessToken: 'minutes' },
      }),
    );
    expect(client?.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(client?.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    const { UserPoolClient: described } = await api.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client?.ClientId }),
    );
    expect(described).toMatchObject({
      ClientName: 'shop-web',
      ClientSecret: client?.ClientSecret,
      CallbackURLs: ['https://shop.example.com/callback'],
      LogoutURLs: ['https://shop.example.com/'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      AllowedOAuthFlowsUserPoolClient: true,
      AccessTokenValidity: 10,
      TokenValidityUnits: { AccessToken: 'minutes' },
      EnableTokenRevocation: true,
    });
    const { UserPoolClients } = await api.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId }),
    );
    expect(UserPoolClients).toEqual([
      { ClientId: client?.ClientId, UserPoolId: poolId, ClientName: 'shop-web' },
    ]);
  });

  it('refuses client settings Cognito refuses, and creates nothing', async () => {
    const poolId = await newPool();
    const refused = [
      { CallbackURLs: ['http://shop.example.com/callback'] },
      { AllowedOAuthFlows: ['client_credentials' as const], AllowedOAuthScopes: ['shop/read'] },
      { AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' as const } },
      { AllowedOAuthScopes: ['not a scope'] },
    ];
    for (const settings of refused) {
      await expect(
        api.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'bad',
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['code'],
            CallbackURLs: ['https://shop.example.com/callback'],
            ...settings,
          }),
        ),
      ).rejects.toThrow(InvalidParameterException);
    }
    const { UserPoolClients } = await api.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId }),
    );
    expect(UserPoolClients).toEqual([]);
  });

  it('updates a client as Cognito does (settings left out return to their defaults) and deletes it', async () => {
    const poolId = await newPool();
    const { UserPoolClient: client } = await api.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'shop-web',
        CallbackURLs: ['https://shop.example.com/callback'],
        LogoutURLs: ['https://shop.example.com/'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    const { UserPoolClient: updated } = await api.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: client?.ClientId,
        CallbackURLs: ['https://shop.example.com/v2/callback'],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'profile'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    expect(updated).toMatchObject({
      ClientName: 'shop-web',
      CallbackURLs: ['https://shop.example.com/v2/callback'],
      LogoutURLs: [],
      AllowedOAuthScopes: ['openid', 'profile'],
    });
    await api.send(
      new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: client?.ClientId }),
    );
    await expect(
      api.send(
        new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client?.ClientId }),
      ),
    ).rejects.toThrow(ResourceNotFoundException);
  });

  it('describes the configured client as configured', async () => {
    const { UserPoolClient } = await api.send(
      new DescribeUserPoolClientCommand({ UserPoolId: 'us-local-1_Photos', ClientId: CLIENT_ID }),
    );
    expect(UserPoolClient).toMatchObject({
      ClientId: CLIENT_ID,
      CallbackURLs: ['http://localhost:3000/callback'],
      AllowedOAuthFlows: ['code'],
    });
  });

  it('creates, describes and deletes a domain; a domain belongs to one pool', async () => {
    const poolId = await newPool();
    const domain = `shop-${Date.now()}`;
    await api.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
    const { DomainDescription } = await api.send(
      new DescribeUserPoolDomainCommand({ Domain: domain }),
    );
    expect(DomainDescription).toMatchObject({
      UserPoolId: poolId,
      Domain: domain,
      Status: 'ACTIVE',
      CloudFrontDistribution: new URL(idp.origin).host,
    });
    const { UserPool } = await api.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool?.Domain).toBe(domain);
    const other = await newPool();
    await expect(
      api.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: domain })),
    ).rejects.toThrow(InvalidParameterException);
    await expect(
      api.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: 'Not_A_Prefix' })),
    ).rejects.toThrow(InvalidParameterException);

    await api.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
    const gone = await api.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    expect(gone.DomainDescription).toEqual({});
  });

  it('creates a user with a temporary password (FORCE_CHANGE_PASSWORD), once', async () => {
    const poolId = await newPool();
    const { User } = await api.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'alice',
        TemporaryPassword: STRONG_PASSWORD,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'alice@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Alice' },
        ],
      }),
    );
    expect(User).toMatchObject({
      Username: 'alice',
      Enabled: true,
      UserStatus: 'FORCE_CHANGE_PASSWORD',
    });
    const got = await api.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect(got.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Alice' },
        { Name: 'sub', Value: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      ]),
    );
    await expect(
      api.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'ALICE',
          TemporaryPassword: STRONG_PASSWORD,
        }),
      ),
    ).rejects.toThrow(UsernameExistsException);
    await expect(
      api.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'bob',
          UserAttributes: [{ Name: 'custom:unknown', Value: 'x' }],
        }),
      ),
    ).rejects.toThrow(InvalidParameterException);
  });

  it('without SUPPRESS, writes the invitation’s temporary password to the outbox instead of mailing it', async () => {
    const poolId = await newPool();
    await api.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'invited' }));
    const outbox = JSON.parse(await readFile(join(idp.stateDir, 'outbox.json'), 'utf8')) as {
      messages: { username: string; kind: string; secret: string; poolId: string }[];
    };
    const message = outbox.messages.find((m) => m.username === 'invited');
    expect(message).toMatchObject({ kind: 'invitation', poolId });
    expect(message?.secret).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d).{16}$/);
  });

  it('keeps pools, clients, domains and users across a restart', async () => {
    const poolId = await newPool('Durable');
    const { UserPoolClient } = await api.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'durable' }),
    );
    await api.send(
      new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `durable-${Date.now()}` }),
    );
    await api.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'carol',
        MessageAction: 'SUPPRESS',
      }),
    );
    await idp.restart();
    api.destroy();
    api = cognitoApi(idp);
    const { UserPool } = await api.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool).toMatchObject({ Name: 'Durable', EstimatedNumberOfUsers: 1 });
    expect(UserPool?.Domain).toMatch(/^durable-/);
    const { UserPoolClient: again } = await api.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: UserPoolClient?.ClientId }),
    );
    expect(again?.ClientName).toBe('durable');
  });
});
