import type { LocalCognitoConfig } from '../local-cognito.config';
import { STANDARD_SCOPES } from '../oauth/scopes';
import type { ClientRecord, PoolRecord } from './pool-records';

export const DEFAULT_CLIENT_NAME = 'Photos';

/** The configured pool as first created; its stored settings win on later starts. */
export function configuredPoolRecord(config: LocalCognitoConfig, now: string): PoolRecord {
  return {
    Id: config.userPoolId,
    Name: config.clientName ?? DEFAULT_CLIENT_NAME,
    CreationDate: now,
    LastModifiedDate: now,
    Status: 'Enabled',
    DeletionProtection: 'INACTIVE',
    MfaConfiguration: 'OFF',
    AutoVerifiedAttributes: ['email'],
    // The rule the hosted sign-up has always applied: eight characters, no classes required.
    Policies: {
      PasswordPolicy: {
        MinimumLength: 8,
        RequireUppercase: false,
        RequireLowercase: false,
        RequireNumbers: false,
        RequireSymbols: false,
        TemporaryPasswordValidityDays: 7,
      },
    },
    UsernameConfiguration: { CaseSensitive: false },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
  };
}

/**
 * The clients the configuration names (the app's web client, the public API client, machine
 * clients). They are written again from the configuration at every start: the configuration is
 * their source of truth (the app's callback URL moves with its port), so an UpdateUserPoolClient
 * on one of them lasts until the next start.
 */
export function configuredClientRecords(config: LocalCognitoConfig, now: string): ClientRecord[] {
  const name = config.clientName ?? DEFAULT_CLIENT_NAME;
  const inSeconds = (access: number, refresh: number) =>
    ({
      AccessTokenValidity: access,
      IdTokenValidity: access,
      RefreshTokenValidity: refresh,
      TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'seconds' },
    }) as const;
  const common = {
    UserPoolId: config.userPoolId,
    CreationDate: now,
    LastModifiedDate: now,
    ...inSeconds(config.tokenTtlSeconds, config.refreshTtlSeconds),
    SupportedIdentityProviders: ['COGNITO'],
    EnableTokenRevocation: true,
  };
  const web: ClientRecord = {
    ...common,
    ClientId: config.clientId,
    ClientName: name,
    ...(config.clientSecret === '' ? {} : { ClientSecret: config.clientSecret }),
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: [...STANDARD_SCOPES],
    CallbackURLs: config.callbackUrls,
    LogoutURLs: config.logoutUrls,
  };
  // Public: no secret at the token endpoint, so the PKCE verifier its callers always send is what
  // binds a code to the one who asked for it (Cognito, like this emulator, does not demand PKCE).
  const api: ClientRecord[] = config.apiClient
    ? [
        {
          ...common,
          ClientId: config.apiClient.clientId,
          ClientName: `${name} API`,
          ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: [...STANDARD_SCOPES],
          CallbackURLs: config.apiClient.callbackUrls,
          LogoutURLs: [],
        },
      ]
    : [];
  const machines = (config.machineClients ?? []).map((machine): ClientRecord => ({
    ...common,
    ClientId: machine.clientId,
    ClientName: machine.clientId,
    ClientSecret: machine.clientSecret,
    ExplicitAuthFlows: [],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['client_credentials'],
    AllowedOAuthScopes: machine.scopes,
    CallbackURLs: [],
    LogoutURLs: [],
  }));
  return [web, ...api, ...machines];
}
