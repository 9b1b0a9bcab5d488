import type { Provider, Type } from '@nestjs/common';
import type { ActionFamily } from './api-action';
import { AdminUserActions } from './actions/admin-user.actions';
import { UserPoolClientActions } from './actions/user-pool-client.actions';
import { UserPoolDomainActions } from './actions/user-pool-domain.actions';
import { UserPoolActions } from './actions/user-pool.actions';
import { ACTION_FAMILIES, CognitoApiService } from './cognito-api.service';
import { Outbox } from './outbox';

/** Every family of actions the API answers; an action not in one is UnsupportedOperation. */
const FAMILIES: Type<ActionFamily>[] = [
  UserPoolActions,
  UserPoolClientActions,
  UserPoolDomainActions,
  AdminUserActions,
];

export const COGNITO_API_PROVIDERS: Provider[] = [
  ...FAMILIES,
  Outbox,
  {
    provide: ACTION_FAMILIES,
    useFactory: (...families: ActionFamily[]) => families,
    inject: FAMILIES,
  },
  CognitoApiService,
];
