import {
  AdminCreateUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type UpdateUserPoolCommandInput,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoResources } from './cognito-resources';
import {
  createUserPoolClientInput,
  createUserPoolInput,
  updateUserPoolClientInput,
  updateUserPoolInput,
} from './cognito-sdk-inputs';
import type { CognitoClient } from './discover';
import type { FirstUser, ObservedState, Plan } from './plan';
import { temporaryPassword } from './temporary-password';

/** What the app's settings are made of, once the plan is applied. */
export interface Provisioned {
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  /** Set when this run created the first user: shown once, never stored. */
  temporaryPassword?: string;
}

/**
 * UpdateUserPool resets every setting it is not given. These are not the command's to manage
 * (someone may have set them in the console): they go back as Cognito holds them.
 */
const KEPT_POOL_SETTINGS = [
  'MfaConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'LambdaConfig',
  'VerificationMessageTemplate',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'SmsVerificationMessage',
  'SmsAuthenticationMessage',
  'AccountRecoverySetting',
  'UserAttributeUpdateSettings',
  'UserPoolAddOns',
  'DeviceConfiguration',
  'UserPoolTier',
] as const satisfies readonly (keyof UserPoolType & keyof UpdateUserPoolCommandInput)[];

function updatePoolInput(
  pool: UserPoolType,
  resources: CognitoResources,
): UpdateUserPoolCommandInput {
  const kept = Object.fromEntries(
    KEPT_POOL_SETTINGS.filter((key) => pool[key] !== undefined).map((key) => [key, pool[key]]),
  );
  const ours = updateUserPoolInput(pool.Id!, resources.userPool);
  // Other tags on the pool stay; UpdateUserPool replaces the whole set.
  return { ...kept, ...ours, UserPoolTags: { ...pool.UserPoolTags, ...ours.UserPoolTags } };
}

/** Carries out a plan, step by step, in the order planProvisioning gave. */
export async function applyPlan(
  client: CognitoClient,
  plan: Plan,
  state: ObservedState,
  resources: CognitoResources,
): Promise<Provisioned> {
  let userPoolId = state.pool?.Id;
  let clientId = state.client?.ClientId;
  let clientSecret = state.client?.ClientSecret;
  let password: string | undefined;
  const poolId = () => {
    if (!userPoolId) throw new Error('the plan changes a user pool it never created');
    return userPoolId;
  };

  for (const step of plan.steps) {
    switch (step.action) {
      case 'create-pool': {
        const { UserPool } = await client.send(
          new CreateUserPoolCommand(createUserPoolInput(resources.userPool)),
        );
        userPoolId = UserPool?.Id;
        break;
      }
      case 'update-pool':
        await client.send(new UpdateUserPoolCommand(updatePoolInput(state.pool!, resources)));
        break;
      case 'create-client': {
        const { UserPoolClient } = await client.send(
          new CreateUserPoolClientCommand(createUserPoolClientInput(poolId(), resources.appClient)),
        );
        ({ ClientId: clientId, ClientSecret: clientSecret } = UserPoolClient ?? {});
        break;
      }
      case 'update-client': {
        const { UserPoolClient } = await client.send(
          new UpdateUserPoolClientCommand(
            updateUserPoolClientInput(poolId(), clientId!, resources.appClient),
          ),
        );
        clientSecret = UserPoolClient?.ClientSecret ?? clientSecret;
        break;
      }
      case 'create-domain':
        await client.send(
          new CreateUserPoolDomainCommand({
            UserPoolId: poolId(),
            Domain: resources.domain.prefix,
          }),
        );
        break;
      case 'create-user':
        password = temporaryPassword(resources.userPool.passwordPolicy);
        await createUser(client, poolId(), step.user, password);
        break;
      default:
        unreachable(step);
    }
  }
  if (!userPoolId || !clientId || !clientSecret) {
    throw new Error('Cognito did not answer the user pool id, client id and client secret');
  }
  return { userPoolId, clientId, clientSecret, temporaryPassword: password };
}

async function createUser(
  client: CognitoClient,
  userPoolId: string,
  user: FirstUser,
  password: string,
): Promise<void> {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      TemporaryPassword: password,
      // The password is printed here, once; Cognito sends no invitation mail.
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: user.email },
        // The person who runs the command vouches for the address (it may also sign in with it).
        { Name: 'email_verified', Value: 'true' },
        { Name: 'nickname', Value: user.username },
      ],
    }),
  );
}

function unreachable(step: never): never {
  throw new Error(`unknown step ${JSON.stringify(step)}`);
}
