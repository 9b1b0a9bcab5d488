import type { Provider, Type } from '@nestjs/common';
import { LOCAL_COGNITO_CLOCK } from '../local-cognito.constants';
import type { Clock } from '../support/clock';
import { VerificationCodes } from '../users/verification-codes';
import type { ActionFamily } from './api-action';
import { AdminUserActions } from './actions/admin-user.actions';
import { ForgotPasswordActions } from './actions/forgot-password.actions';
import { GroupActions } from './actions/group.actions';
import { InitiateAuthActions } from './actions/initiate-auth.actions';
import { ListUsersAction } from './actions/list-users.action';
import { SignUpActions } from './actions/sign-up.actions';
import { UserSessionActions } from './actions/user-session.actions';
import { UserPoolClientActions } from './actions/user-pool-client.actions';
import { UserPoolDomainActions } from './actions/user-pool-domain.actions';
import { UserPoolActions } from './actions/user-pool.actions';
import { ACTION_FAMILIES, CognitoApiService } from './cognito-api.service';
import { ApiTokens } from './api-tokens';
import { Outbox } from './outbox';

/** Every family of actions the API answers; an action not in one is UnsupportedOperation. */
const FAMILIES: Type<ActionFamily>[] = [
  UserPoolActions,
  UserPoolClientActions,
  UserPoolDomainActions,
  AdminUserActions,
  ListUsersAction,
  GroupActions,
  SignUpActions,
  InitiateAuthActions,
  UserSessionActions,
  ForgotPasswordActions,
];

export const COGNITO_API_PROVIDERS: Provider[] = [
  ...FAMILIES,
  Outbox,
  ApiTokens,
  {
    provide: VerificationCodes,
    useFactory: (clock: Clock) => new VerificationCodes(clock),
    inject: [LOCAL_COGNITO_CLOCK],
  },
  {
    provide: ACTION_FAMILIES,
    useFactory: (...families: ActionFamily[]) => families,
    inject: FAMILIES,
  },
  CognitoApiService,
];
