import type {
  ConfirmForgotPasswordRequest,
  ForgotPasswordRequest,
  ForgotPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { UserPools } from '../../pools/user-pools';
import { VerificationCodes } from '../../users/verification-codes';
import { publicAction, type ActionFamily } from '../api-action';
import { invalidParameter, notAuthorized } from '../api-error';
import { optionalString, requiredString } from '../api-input';
import { refuseInactive } from '../api-tokens';
import { Outbox } from '../outbox';
import { checkSecretHash, codeRefusal, emailDelivery, requireClient } from '../public-client';
import { checkPassword, requireUser } from './admin-user.actions';

/** ForgotPassword and ConfirmForgotPassword; the code goes to the outbox, never to a mailbox. */
@Injectable()
export class ForgotPasswordActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly codes: VerificationCodes,
    private readonly outbox: Outbox,
  ) {}

  readonly actions = {
    ForgotPassword: publicAction<ForgotPasswordRequest, ForgotPasswordResponse>(async (input) => {
      const { pool, client } = requireClient(this.pools, input.ClientId);
      const username = requiredString(input.Username, 'username');
      checkSecretHash(client, optionalString(input.SecretHash, 'secretHash'), [username]);
      const user = requireUser(pool, username);
      refuseInactive(user);
      if (user.email === '')
        throw invalidParameter(
          'Cannot reset password for the user as there is no registered/verified email or phone_number',
        );
      const code = this.codes.issue(pool.id, user.sub, 'password-reset');
      await this.outbox.send({
        poolId: pool.id,
        username: user.username,
        kind: 'password-reset-code',
        secret: code,
      });
      return { CodeDeliveryDetails: emailDelivery(user) };
    }),

    ConfirmForgotPassword: publicAction<ConfirmForgotPasswordRequest, object>(async (input) => {
      const { pool, client } = requireClient(this.pools, input.ClientId);
      const username = requiredString(input.Username, 'username');
      checkSecretHash(client, optionalString(input.SecretHash, 'secretHash'), [username]);
      const user = requireUser(pool, username);
      refuseInactive(user);
      const password = requiredString(input.Password, 'password');
      const check = this.codes.check(
        pool.id,
        user.sub,
        'password-reset',
        requiredString(input.ConfirmationCode, 'confirmationCode'),
      );
      if (check !== 'valid') throw codeRefusal(check);
      checkPassword(pool, password);
      if (user.status === 'UNCONFIRMED')
        throw notAuthorized('User cannot reset the password: the user is not confirmed.');
      await pool.users.setPassword(user.username, password, 'CONFIRMED');
      return {};
    }),
  };
}
