import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminAddUserToGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  GroupExistsException,
  InitiateAuthCommand,
  InvalidParameterException,
  InvalidPasswordException,
  ListGroupsCommand,
  ListUsersCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UserNotConfirmedException,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { runLocalCognitoCli } from '../src/cli';
import { Browser } from './support/browser';
import { csrfFieldOf, formActionOf, postToken, signInForTokens } from './support/hosted-ui';
import { cognitoApi, STRONG_PASSWORD, verifyCognitoToken } from './support/cognito-api';
import { secretHashOf } from './support/secret-hash';
import { CLIENT_ID, CLIENT_SECRET, DEMO, TestIdp } from './support/test-idp';

const POOL = 'us-local-1_Photos';

/** Users and groups through the SDK, and the user's own calls, on both sides of the pool. */
describe('local Cognito API: users, groups and the user’s own calls', () => {
  let idp: TestIdp;
  let api: CognitoIdentityProviderClient;
  let poolId: string;
  let publicClientId: string;

  beforeAll(async () => {
    idp = await TestIdp.start();
    api = cognitoApi(idp);
    const { UserPool } = await api.send(new CreateUserPoolCommand({ PoolName: 'People' }));
    poolId = UserPool?.Id ?? '';
    const { UserPoolClient } = await api.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'cli',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    publicClientId = UserPoolClient?.ClientId ?? '';
  });

  afterAll(async () => {
    api.destroy();
    await idp.close();
  });

  async function createUser(username: string, attributes: Record<string, string> = {}) {
    await api.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        TemporaryPassword: STRONG_PASSWORD,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
  }

  function passwordSignIn(username: string, password: string, clientId = publicClientId) {
    return api.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  }

  async function outboxSecret(username: string, kind: string): Promise<string> {
    const { messages } = JSON.parse(await readFile(join(idp.stateDir, 'outbox.json'), 'utf8')) as {
      messages: { username: string; kind: string; secret: string }[];
    };
    const message = messages.filter((m) => m.username === username && m.kind === kind).at(-1);
    if (!message) throw new Error(`No ${kind} for ${username}`);
    return message.secret;
  }

  it('answers NEW_PASSWORD_REQUIRED for a temporary password, then signs in with the new one', async () => {
    await createUser('erin', { email: 'erin@example.com' });
    const first = await passwordSignIn('erin', STRONG_PASSWORD);
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(first.AuthenticationResult).toBeUndefined();
    await expect(
      api.send(
        new RespondToAuthChallengeCommand({
          ClientId: publicClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'short' },
        }),
      ),
    ).rejects.toThrow(InvalidPasswordException);
    const answered = await api.send(
      new RespondToAuthChallengeCommand({
        ClientId: publicClientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'An0ther!Password' },
      }),
    );
    const result = answered.AuthenticationResult;
    expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    const access = await verifyCognitoToken(
      idp,
      poolId,
      result?.AccessToken ?? '',
      'access',
      publicClientId,
    );
    expect(access.scope).toBe('aws.cognito.signin.user.admin');
    const { UserStatus } = await api.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }),
    );
    expect(UserStatus).toBe('CONFIRMED');
    await expect(
      api.send(
        new RespondToAuthChallengeCommand({
          ClientId: publicClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'Thrice!Passw0rd' },
        }),
      ),
    ).rejects.toThrow(NotAuthorizedException);
    await expect(passwordSignIn('erin', STRONG_PASSWORD)).rejects.toThrow(NotAuthorizedException);
  });

  it('checks SECRET_HASH for a client with a secret: missing or wrong is NotAuthorized', async () => {
    const signIn = (hash: string | undefined) =>
      api.send(
        new InitiateAuthCommand({
          ClientId: CLIENT_ID,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: {
            USERNAME: DEMO.username,
            PASSWORD: DEMO.password,
            ...(hash !== undefined ? { SECRET_HASH: hash } : {}),
          },
        }),
      );
    await expect(signIn(undefined)).rejects.toThrow(NotAuthorizedException);
    await expect(signIn(secretHashOf('wrong-secret', DEMO.username, CLIENT_ID))).rejects.toThrow(
      'Unable to verify secret hash',
    );
    const ok = await signIn(secretHashOf(CLIENT_SECRET, DEMO.username, CLIENT_ID));
    const id = decodeJwt(ok.AuthenticationResult?.IdToken ?? '');
    expect(id['cognito:groups']).toEqual(['admins', 'editors']);
    const refreshed = await api.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: {
          REFRESH_TOKEN: ok.AuthenticationResult?.RefreshToken ?? '',
          SECRET_HASH: secretHashOf(CLIENT_SECRET, DEMO.username, CLIENT_ID),
        },
      }),
    );
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(decodeJwt(refreshed.AuthenticationResult?.AccessToken ?? '').username).toBe('demo');
  });

  it('refuses a disabled user everywhere: API sign-in, hosted page, and their refresh tokens', async () => {
    const { tokens } = await signInForTokens(idp);
    await api.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: DEMO.username }));
    try {
      await expect(
        api.send(
          new InitiateAuthCommand({
            ClientId: CLIENT_ID,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: {
              USERNAME: DEMO.username,
              PASSWORD: DEMO.password,
              SECRET_HASH: secretHashOf(CLIENT_SECRET, DEMO.username, CLIENT_ID),
            },
          }),
        ),
      ).rejects.toThrow('User is disabled.');
      const refresh = await postToken(idp, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
      });
      expect(refresh.status).toBe(400);
      expect(refresh.body.error).toBe('invalid_grant');
      const browser = new Browser({ follow: false });
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: 'http://localhost:3000/callback',
        scope: 'openid',
      });
      const login = await browser.get(idp.url(`/login?${query.toString()}`));
      const refused = await browser.postForm(idp.url(formActionOf(login.body)), {
        _csrf: csrfFieldOf(login.body),
        username: DEMO.username,
        password: DEMO.password,
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('User is disabled.');
    } finally {
      await api.send(new AdminEnableUserCommand({ UserPoolId: POOL, Username: DEMO.username }));
    }
    const again = await signInForTokens(idp);
    expect(again.tokens.access_token).toBeTruthy();
  });

  it('AdminUserGlobalSignOut ends the hosted UI’s refresh tokens', async () => {
    const { tokens } = await signInForTokens(idp);
    await api.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: POOL, Username: DEMO.username }),
    );
    const refresh = await postToken(idp, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('lists users with Cognito’s Filter syntax, page by page', async () => {
    for (const name of ['list-amy', 'list-abe', 'list-bob'])
      await createUser(name, { email: `${name}@example.org`, given_name: name.slice(5) });
    const prefixed = await api.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "list-a"' }),
    );
    expect(prefixed.Users?.map((u) => u.Username).sort()).toEqual(['list-abe', 'list-amy']);
    const exact = await api.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "list-bob@example.org"' }),
    );
    expect(exact.Users?.map((u) => u.Username)).toEqual(['list-bob']);
    const byStatus = await api.send(
      new ListUsersCommand({
        UserPoolId: poolId,
        Filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"',
      }),
    );
    expect(byStatus.Users?.map((u) => u.Username)).toEqual(
      expect.arrayContaining(['list-amy', 'list-abe', 'list-bob']),
    );
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.send(
        new ListUsersCommand({
          UserPoolId: poolId,
          Filter: 'username ^= "list-"',
          Limit: 2,
          PaginationToken: token,
        }),
      );
      expect(page.Users?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.Users ?? []).map((u) => u.Username ?? ''));
      token = page.PaginationToken;
    } while (token);
    expect(seen.sort()).toEqual(['list-abe', 'list-amy', 'list-bob']);
    await expect(
      api.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'nickname = "x"' })),
    ).rejects.toThrow(InvalidParameterException);
    await expect(
      api.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = list-amy' })),
    ).rejects.toThrow(InvalidParameterException);
  });

  it('creates groups, adds and removes members, and lists both ways', async () => {
    await createUser('grace');
    await api.send(
      new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff', Precedence: 1 }),
    );
    await expect(
      api.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' })),
    ).rejects.toThrow(GroupExistsException);
    await api.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'grace', GroupName: 'staff' }),
    );
    const { Groups } = await api.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'grace' }),
    );
    expect(Groups?.map((g) => g.GroupName)).toEqual(['staff']);
    const all = await api.send(new ListGroupsCommand({ UserPoolId: poolId }));
    expect(all.Groups?.[0]).toMatchObject({
      GroupName: 'staff',
      Precedence: 1,
      UserPoolId: poolId,
    });
    await api.send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: poolId,
        Username: 'grace',
        GroupName: 'staff',
      }),
    );
    const after = await api.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'grace' }),
    );
    expect(after.Groups).toEqual([]);
  });

  it('sets a permanent password, updates attributes, and deletes a user', async () => {
    await createUser('henry');
    await expect(
      api.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: 'henry',
          Password: 'weak',
          Permanent: true,
        }),
      ),
    ).rejects.toThrow(InvalidPasswordException);
    await api.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'henry',
        Password: 'Perm4nent!Pass',
        Permanent: true,
      }),
    );
    const signedIn = await passwordSignIn('henry', 'Perm4nent!Pass');
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    await api.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'henry',
        UserAttributes: [{ Name: 'family_name', Value: 'Hill' }],
      }),
    );
    const me = await api.send(
      new GetUserCommand({ AccessToken: signedIn.AuthenticationResult?.AccessToken }),
    );
    expect(me.UserAttributes).toContainEqual({ Name: 'family_name', Value: 'Hill' });
    await api.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'henry' }));
    await expect(
      api.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'henry' })),
    ).rejects.toThrow(UserNotFoundException);
  });

  it('signs up, refuses sign-in until confirmed with the code from the outbox', async () => {
    const { UserConfirmed, CodeDeliveryDetails } = await api.send(
      new SignUpCommand({
        ClientId: publicClientId,
        Username: 'ivy',
        Password: 'Iv7!Password',
        UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }],
      }),
    );
    expect(UserConfirmed).toBe(false);
    expect(CodeDeliveryDetails).toEqual({
      Destination: 'i***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    await expect(passwordSignIn('ivy', 'Iv7!Password')).rejects.toThrow(UserNotConfirmedException);
    await expect(
      api.send(
        new ConfirmSignUpCommand({
          ClientId: publicClientId,
          Username: 'ivy',
          ConfirmationCode: '000000x',
        }),
      ),
    ).rejects.toThrow(CodeMismatchException);
    const code = await outboxSecret('ivy', 'sign-up-code');
    await api.send(
      new ConfirmSignUpCommand({
        ClientId: publicClientId,
        Username: 'ivy',
        ConfirmationCode: code,
      }),
    );
    const signedIn = await passwordSignIn('ivy', 'Iv7!Password');
    expect(signedIn.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('resets a forgotten password with the code from the outbox, once', async () => {
    await createUser('jack', { email: 'jack@example.com' });
    await api.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'jack',
        Password: 'Old!Passw0rd',
        Permanent: true,
      }),
    );
    await api.send(new ForgotPasswordCommand({ ClientId: publicClientId, Username: 'jack' }));
    const code = await outboxSecret('jack', 'password-reset-code');
    expect(code).toMatch(/^\d{6}$/);
    // The development-only command shows the same code.
    const printed: string[] = [];
    const exit = await runLocalCognitoCli(['messages'], { DATA_DIR: idp.dataDir }, (line) =>
      printed.push(line),
    );
    expect(exit).toBe(0);
    expect(
      printed.some(
        (line) => line.includes('jack') && line.endsWith(`password-reset-code: ${code}`),
      ),
    ).toBe(true);
    await api.send(
      new ConfirmForgotPasswordCommand({
        ClientId: publicClientId,
        Username: 'jack',
        ConfirmationCode: code,
        Password: 'New!Passw0rd',
      }),
    );
    await expect(passwordSignIn('jack', 'Old!Passw0rd')).rejects.toThrow(NotAuthorizedException);
    expect((await passwordSignIn('jack', 'New!Passw0rd')).AuthenticationResult).toBeDefined();
    await expect(
      api.send(
        new ConfirmForgotPasswordCommand({
          ClientId: publicClientId,
          Username: 'jack',
          ConfirmationCode: code,
          Password: 'Third!Passw0rd',
        }),
      ),
    ).rejects.toThrow(CodeMismatchException);
  });

  it('RevokeToken ends one refresh token and the access tokens minted from it', async () => {
    await createUser('kim');
    await api.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'kim',
        Password: 'Kim!Passw0rd',
        Permanent: true,
      }),
    );
    const first = await passwordSignIn('kim', 'Kim!Passw0rd');
    const second = await passwordSignIn('kim', 'Kim!Passw0rd');
    await api.send(
      new RevokeTokenCommand({
        ClientId: publicClientId,
        Token: first.AuthenticationResult?.RefreshToken,
      }),
    );
    await expect(
      api.send(new GetUserCommand({ AccessToken: first.AuthenticationResult?.AccessToken })),
    ).rejects.toThrow('Access Token has been revoked');
    const still = await api.send(
      new GetUserCommand({ AccessToken: second.AuthenticationResult?.AccessToken }),
    );
    expect(still.Username).toBe('kim');
  });
});
