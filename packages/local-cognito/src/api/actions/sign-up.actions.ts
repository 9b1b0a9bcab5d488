import type {
  ConfirmSignUpRequest,
  SignUpRequest,
  SignUpResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { UserPools } from '../../pools/user-pools';
import { usernameProblem } from '../../support/validation';
import { VerificationCodes } from '../../users/verification-codes';
import { publicAction, type ActionFamily } from '../api-action';
import { CognitoApiError, invalidParameter, notAuthorized } from '../api-error';
import { attributeList, optionalString, requiredString } from '../api-input';
import { Outbox } from '../outbox';
import { checkSecretHash, codeRefusal, emailDelivery, requireClient } from '../public-client';
import { attributeChanges } from '../user-attributes';
import { checkPassword, requireUser } from './admin-user.actions';

/** SignUp and ConfirmSignUp: an UNCONFIRMED user, and the code (to the outbox) that confirms them. */
@Injectable()
export class SignUpActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly codes: VerificationCodes,
    private readonly outbox: Outbox,
  ) {}

  readonly actions = {
    SignUp: publicAction<SignUpRequest, SignUpResponse>(async (input) => {
      const { pool, client } = requireClient(this.pools, input.ClientId);
      const username = requiredString(input.Username, 'username');
      checkSecretHash(client, optionalString(input.SecretHash, 'secretHash'), [username]);
      if (pool.record.AdminCreateUserConfig?.AllowAdminCreateUserOnly)
        throw notAuthorized('SignUp is not permitted for this user pool');
      const problem = usernameProblem(username);
      if (problem !== undefined) throw invalidParameter(problem);
      const password = requiredString(input.Password, 'password');
      checkPassword(pool, password);
      const fields = attributeChanges(pool, attributeList(input.UserAttributes, 'userAttributes'));
      if (pool.users.findByUsername(username))
        throw new CognitoApiError('UsernameExistsException', 'User already exists');
      const user = await pool.users.create({
        username,
        password,
        email: fields.email ?? '',
        emailVerified: false,
        nickname: fields.nickname ?? '',
        attributes: fields.attributes,
        status: 'UNCONFIRMED',
      });
      const code = this.codes.issue(pool.id, user.sub, 'sign-up');
      await this.outbox.send({ poolId: pool.id, username, kind: 'sign-up-code', secret: code });
      return {
        UserConfirmed: false,
        UserSub: user.sub,
        ...(user.email !== '' ? { CodeDeliveryDetails: emailDelivery(user) } : {}),
      };
    }),

    ConfirmSignUp: publicAction<ConfirmSignUpRequest, object>(async (input) => {
      const { pool, client } = requireClient(this.pools, input.ClientId);
      const username = requiredString(input.Username, 'username');
      checkSecretHash(client, optionalString(input.SecretHash, 'secretHash'), [username]);
      const user = requireUser(pool, username);
      const code = requiredString(input.ConfirmationCode, 'confirmationCode');
      if (user.status !== 'UNCONFIRMED')
        throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
      const check = this.codes.check(pool.id, user.sub, 'sign-up', code);
      if (check !== 'valid') throw codeRefusal(check);
      await pool.users.update(user.username, {
        status: 'CONFIRMED',
        emailVerified: user.email !== '',
      });
      return {};
    }),
  };
}
