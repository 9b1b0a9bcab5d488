import { randomInt } from 'node:crypto';
import type {
  AdminConfirmSignUpRequest,
  AdminCreateUserRequest,
  AdminCreateUserResponse,
  AdminDeleteUserRequest,
  AdminDisableUserRequest,
  AdminEnableUserRequest,
  AdminGetUserRequest,
  AdminGetUserResponse,
  AdminSetUserPasswordRequest,
  AdminUpdateUserAttributesRequest,
  AdminUserGlobalSignOutRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { RefreshTokenStore } from '../../oauth/refresh-token.store';
import { passwordPolicyProblem } from '../../pools/password-policy';
import type { UserPool } from '../../pools/user-pool';
import { UserPools } from '../../pools/user-pools';
import { usernameProblem } from '../../support/validation';
import type { LocalCognitoUser } from '../../users/user.store';
import { signedAction, type ActionFamily } from '../api-action';
import { CognitoApiError, invalidParameter, userNotFound } from '../api-error';
import { attributeList, optionalBoolean, optionalString, requiredString } from '../api-input';
import { attributesOf, describeUser } from '../descriptions';
import { Outbox } from '../outbox';
import { requirePool } from '../pool-lookup';
import { attributeChanges } from '../user-attributes';

const PASSWORD_CLASSES = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghijkmnopqrstuvwxyz',
  '23456789',
  '!#%+-=?@^_',
];

/** A temporary password that meets any policy Cognito allows (one of each class, 16 long). */
function temporaryPassword(): string {
  const all = PASSWORD_CLASSES.join('');
  const chars = [
    ...PASSWORD_CLASSES.map((set) => set[randomInt(set.length)]),
    ...Array.from({ length: 12 }, () => all[randomInt(all.length)]),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

export function checkPassword(pool: UserPool, password: string): void {
  const problem = passwordPolicyProblem(pool.record, password);
  if (problem !== undefined) throw new CognitoApiError('InvalidPasswordException', problem);
}

export function requireUser(pool: UserPool, username: unknown): LocalCognitoUser {
  const user = pool.users.findByUsername(requiredString(username, 'username'));
  if (!user) throw userNotFound();
  return user;
}

/** The administrator's user calls: create, read, change, switch off, delete, sign out. */
@Injectable()
export class AdminUserActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly outbox: Outbox,
  ) {}

  readonly actions = {
    AdminCreateUser: signedAction<AdminCreateUserRequest, AdminCreateUserResponse>(
      async (input) => {
        const pool = requirePool(this.pools, input.UserPoolId);
        const username = requiredString(input.Username, 'username');
        const problem = usernameProblem(username);
        if (problem !== undefined) throw invalidParameter(problem);
        const action = optionalString(input.MessageAction, 'messageAction');
        if (action !== undefined && action !== 'SUPPRESS' && action !== 'RESEND')
          throw invalidParameter('MessageAction must be SUPPRESS or RESEND');
        const given = optionalString(input.TemporaryPassword, 'temporaryPassword');
        if (given !== undefined) checkPassword(pool, given);
        const password = given ?? temporaryPassword();
        if (action === 'RESEND') return this.resendInvitation(pool, username, password);
        const fields = attributeChanges(
          pool,
          attributeList(input.UserAttributes, 'userAttributes'),
        );
        if (pool.users.findByUsername(username))
          throw new CognitoApiError('UsernameExistsException', 'User account already exists');
        const user = await pool.users.create({
          username,
          password,
          email: fields.email ?? '',
          emailVerified: fields.emailVerified ?? false,
          nickname: fields.nickname ?? '',
          attributes: fields.attributes,
          status: 'FORCE_CHANGE_PASSWORD',
        });
        if (action !== 'SUPPRESS')
          await this.outbox.send({
            poolId: pool.id,
            username,
            kind: 'invitation',
            secret: password,
          });
        return { User: describeUser(user) };
      },
    ),

    AdminGetUser: signedAction<AdminGetUserRequest, AdminGetUserResponse>((input) => {
      const user = requireUser(requirePool(this.pools, input.UserPoolId), input.Username);
      return {
        Username: user.username,
        UserAttributes: attributesOf(user),
        UserCreateDate: new Date(user.createdAt),
        UserLastModifiedDate: new Date(user.updatedAt),
        Enabled: user.enabled,
        UserStatus: user.status,
      };
    }),

    AdminSetUserPassword: signedAction<AdminSetUserPasswordRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const user = requireUser(pool, input.Username);
      const password = requiredString(input.Password, 'password');
      checkPassword(pool, password);
      const permanent = optionalBoolean(input.Permanent, 'permanent') ?? false;
      await pool.users.setPassword(
        user.username,
        password,
        permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
      );
      return {};
    }),

    AdminUpdateUserAttributes: signedAction<AdminUpdateUserAttributesRequest, object>(
      async (input) => {
        const pool = requirePool(this.pools, input.UserPoolId);
        const user = requireUser(pool, input.Username);
        const changes = attributeChanges(
          pool,
          attributeList(input.UserAttributes, 'userAttributes'),
          user.attributes,
        );
        await pool.users.update(user.username, changes);
        return {};
      },
    ),

    AdminDisableUser: signedAction<AdminDisableUserRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const user = requireUser(pool, input.Username);
      await pool.users.update(user.username, { enabled: false });
      // A disabled user's refresh tokens stop working too (Cognito revokes them).
      await this.signOut(user);
      return {};
    }),

    AdminEnableUser: signedAction<AdminEnableUserRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const user = requireUser(pool, input.Username);
      await pool.users.update(user.username, { enabled: true });
      return {};
    }),

    AdminDeleteUser: signedAction<AdminDeleteUserRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const user = requireUser(pool, input.Username);
      await pool.users.delete(user.username);
      await this.signOut(user);
      return {};
    }),

    AdminUserGlobalSignOut: signedAction<AdminUserGlobalSignOutRequest, object>(async (input) => {
      const user = requireUser(requirePool(this.pools, input.UserPoolId), input.Username);
      await this.signOut(user);
      return {};
    }),

    AdminConfirmSignUp: signedAction<AdminConfirmSignUpRequest, object>(async (input) => {
      const pool = requirePool(this.pools, input.UserPoolId);
      const user = requireUser(pool, input.Username);
      if (user.status !== 'UNCONFIRMED')
        throw new CognitoApiError(
          'NotAuthorizedException',
          `User cannot be confirmed. Current status is ${user.status}`,
        );
      await pool.users.update(user.username, { status: 'CONFIRMED' });
      return {};
    }),
  };

  /** Ends every refresh token of the user, for every client and flow. */
  private signOut(user: LocalCognitoUser): Promise<void> {
    return this.refreshTokens.revokeWhere((grant) => grant.sub === user.sub);
  }

  private async resendInvitation(
    pool: UserPool,
    username: string,
    password: string,
  ): Promise<AdminCreateUserResponse> {
    const user = requireUser(pool, username);
    if (user.status !== 'FORCE_CHANGE_PASSWORD')
      throw new CognitoApiError(
        'UnsupportedUserStateException',
        'User is not in FORCE_CHANGE_PASSWORD state',
      );
    await pool.users.setPassword(user.username, password, 'FORCE_CHANGE_PASSWORD');
    await this.outbox.send({
      poolId: pool.id,
      username: user.username,
      kind: 'invitation',
      secret: password,
    });
    return { User: describeUser(user) };
  }
}
