import type {
  CreateUserPoolClientCommandInput,
  CreateUserPoolCommandInput,
  UpdateUserPoolClientCommandInput,
  UpdateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AppClientDescription, UserPoolDescription } from './cognito-resources';

/**
 * The shared description (cognito-resources.ts) in the Cognito API's words. Update calls reset
 * every setting they do not name to Cognito's default, so they carry the whole description too.
 */

/** The settings UpdateUserPool can change (and must be sent again on every update). */
export function userPoolMutableSettings(pool: UserPoolDescription) {
  const policy = pool.passwordPolicy;
  return {
    Policies: {
      PasswordPolicy: {
        MinimumLength: policy.minimumLength,
        RequireLowercase: policy.requireLowercase,
        RequireUppercase: policy.requireUppercase,
        RequireNumbers: policy.requireNumbers,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
      },
    },
    DeletionProtection: pool.deletionProtection ? ('ACTIVE' as const) : ('INACTIVE' as const),
    AutoVerifiedAttributes: [...pool.autoVerifiedAttributes],
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: !pool.selfSignUpEnabled },
    UserPoolTags: { ...pool.tags },
  };
}

export function createUserPoolInput(pool: UserPoolDescription): CreateUserPoolCommandInput {
  return {
    PoolName: pool.name,
    // The username stays the sign-in name; a verified email address may be used instead.
    AliasAttributes: pool.signInAliases.filter((alias) => alias !== 'username'),
    Schema: pool.requiredAttributes.map((name) => ({
      Name: name,
      AttributeDataType: 'String',
      Required: true,
      Mutable: true,
    })),
    ...userPoolMutableSettings(pool),
  };
}

export function updateUserPoolInput(
  userPoolId: string,
  pool: UserPoolDescription,
): UpdateUserPoolCommandInput {
  return { UserPoolId: userPoolId, ...userPoolMutableSettings(pool) };
}

/** The settings UpdateUserPoolClient can change (everything but the secret). */
export function appClientMutableSettings(client: AppClientDescription) {
  return {
    ClientName: client.name,
    AllowedOAuthFlows: [...client.oauthFlows],
    AllowedOAuthScopes: [...client.oauthScopes],
    AllowedOAuthFlowsUserPoolClient: true,
    CallbackURLs: [...client.callbackUrls],
    LogoutURLs: [...client.logoutUrls],
    SupportedIdentityProviders: [...client.identityProviders],
    ExplicitAuthFlows: [...client.explicitAuthFlows],
    PreventUserExistenceErrors: client.preventUserExistenceErrors
      ? ('ENABLED' as const)
      : ('LEGACY' as const),
    EnableTokenRevocation: client.enableTokenRevocation,
    AccessTokenValidity: client.tokenValidity.accessTokenMinutes,
    IdTokenValidity: client.tokenValidity.idTokenMinutes,
    RefreshTokenValidity: client.tokenValidity.refreshTokenMinutes,
    TokenValidityUnits: {
      AccessToken: 'minutes' as const,
      IdToken: 'minutes' as const,
      RefreshToken: 'minutes' as const,
    },
  };
}

export function createUserPoolClientInput(
  userPoolId: string,
  client: AppClientDescription,
): CreateUserPoolClientCommandInput {
  return {
    UserPoolId: userPoolId,
    GenerateSecret: client.generateSecret,
    ...appClientMutableSettings(client),
  };
}

export function updateUserPoolClientInput(
  userPoolId: string,
  clientId: string,
  client: AppClientDescription,
): UpdateUserPoolClientCommandInput {
  return { UserPoolId: userPoolId, ClientId: clientId, ...appClientMutableSettings(client) };
}
