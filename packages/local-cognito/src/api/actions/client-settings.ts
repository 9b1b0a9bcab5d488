import type {
  CreateUserPoolClientRequest,
  ExplicitAuthFlowsType,
  OAuthFlowType,
  TimeUnitsType,
  TokenValidityUnitsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_UNITS } from '../../pools/app-client';
import type { ClientRecord } from '../../pools/pool-records';
import { STANDARD_SCOPES } from '../../oauth/scopes';
import { registeredUrlProblem } from '../../support/validation';
import { invalidParameter } from '../api-error';
import { optionalBoolean, optionalInteger, optionalStrings } from '../api-input';

/** What CreateUserPoolClient and UpdateUserPoolClient both set. */
export type ClientSettingsInput = Omit<
  CreateUserPoolClientRequest,
  'UserPoolId' | 'ClientName' | 'GenerateSecret' | 'ClientSecret'
>;

const OAUTH_FLOWS: OAuthFlowType[] = ['code', 'implicit', 'client_credentials'];
const EXPLICIT_AUTH_FLOWS: ExplicitAuthFlowsType[] = [
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
];
/** Cognito's flows for a client created without ExplicitAuthFlows. */
const DEFAULT_EXPLICIT_AUTH_FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_CUSTOM_AUTH',
];
const UNITS: TimeUnitsType[] = ['seconds', 'minutes', 'hours', 'days'];
const SECONDS: Record<TimeUnitsType, number> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86400,
};
/** Cognito's ranges (docs/COGNITO.md §7.5), in seconds. */
const RANGES = {
  AccessToken: [300, 86400],
  IdToken: [300, 86400],
  RefreshToken: [3600, 10 * 365 * 86400],
} as const;
const CUSTOM_SCOPE = /^[^\s/]+\/[^\s/]+$/;

function oneOf<T extends string>(
  values: string[] | undefined,
  allowed: readonly T[],
  name: string,
): T[] | undefined {
  const unknown = values?.find((value) => !(allowed as readonly string[]).includes(value));
  if (unknown !== undefined)
    throw invalidParameter(
      `${name} contains ${JSON.stringify(unknown)}, which is not one of ${allowed.join(', ')}`,
    );
  return values as T[] | undefined;
}

function urls(value: unknown, name: string): string[] | undefined {
  const list = optionalStrings(value, name);
  const problem = list?.map(registeredUrlProblem).find((p) => p !== undefined);
  if (problem !== undefined) throw invalidParameter(`${name}: ${problem}`);
  return list;
}

function units(value: unknown): TokenValidityUnitsType | undefined {
  if (value === undefined || value === null) return undefined;
  const given = value as Record<string, unknown>;
  for (const kind of ['AccessToken', 'IdToken', 'RefreshToken'])
    if (given[kind] !== undefined && !UNITS.includes(given[kind] as TimeUnitsType))
      throw invalidParameter(`TokenValidityUnits.${kind} must be one of ${UNITS.join(', ')}`);
  return given;
}

function validity(
  input: ClientSettingsInput,
  tokenUnits: TokenValidityUnitsType | undefined,
  kind: keyof typeof RANGES,
): number | undefined {
  const value = optionalInteger(input[`${kind}Validity`], `${kind}Validity`, 1, 315360000);
  if (value === undefined) return undefined;
  const seconds = value * SECONDS[tokenUnits?.[kind] ?? DEFAULT_UNITS[kind]];
  const [min, max] = RANGES[kind];
  if (seconds < min || seconds > max)
    throw invalidParameter(
      `${kind}Validity must be between ${min / 60} minutes and ${max / 86400} days`,
    );
  return value;
}

/**
 * The settings of a create or update, checked as Cognito checks them. Left-out settings take
 * Cognito's defaults, also on update: UpdateUserPoolClient resets whatever it is not given.
 */
export function clientSettings(input: ClientSettingsInput): Partial<ClientRecord> {
  const flows = oneOf(
    optionalStrings(input.AllowedOAuthFlows, 'AllowedOAuthFlows'),
    OAUTH_FLOWS,
    'AllowedOAuthFlows',
  );
  const scopes = optionalStrings(input.AllowedOAuthScopes, 'AllowedOAuthScopes');
  const badScope = scopes?.find((s) => !STANDARD_SCOPES.includes(s) && !CUSTOM_SCOPE.test(s));
  if (badScope !== undefined) throw invalidParameter(`${badScope} is not a valid scope`);
  if (flows?.includes('client_credentials') && flows.length > 1)
    throw invalidParameter(
      'client_credentials flow can not be selected along with code flow or implicit flow',
    );
  const oauth =
    optionalBoolean(input.AllowedOAuthFlowsUserPoolClient, 'AllowedOAuthFlowsUserPoolClient') ??
    false;
  const callbackUrls = urls(input.CallbackURLs, 'CallbackURLs');
  if (oauth && (flows ?? []).length === 0)
    throw invalidParameter(
      'AllowedOAuthFlows must be set when AllowedOAuthFlowsUserPoolClient is true',
    );
  if (oauth && flows?.some((flow) => flow !== 'client_credentials') && !callbackUrls?.length)
    throw invalidParameter('CallbackURLs must be set for the code and implicit flows');
  const tokenUnits = units(input.TokenValidityUnits);
  const settings: Partial<ClientRecord> = {
    AllowedOAuthFlowsUserPoolClient: oauth,
    AllowedOAuthFlows: flows ?? [],
    AllowedOAuthScopes: scopes ?? [],
    CallbackURLs: callbackUrls ?? [],
    LogoutURLs: urls(input.LogoutURLs, 'LogoutURLs') ?? [],
    DefaultRedirectURI: input.DefaultRedirectURI,
    ExplicitAuthFlows:
      oneOf(
        optionalStrings(input.ExplicitAuthFlows, 'ExplicitAuthFlows'),
        EXPLICIT_AUTH_FLOWS,
        'ExplicitAuthFlows',
      ) ?? DEFAULT_EXPLICIT_AUTH_FLOWS,
    SupportedIdentityProviders: optionalStrings(
      input.SupportedIdentityProviders,
      'SupportedIdentityProviders',
    ),
    ReadAttributes: optionalStrings(input.ReadAttributes, 'ReadAttributes'),
    WriteAttributes: optionalStrings(input.WriteAttributes, 'WriteAttributes'),
    AccessTokenValidity: validity(input, tokenUnits, 'AccessToken'),
    IdTokenValidity: validity(input, tokenUnits, 'IdToken'),
    RefreshTokenValidity: validity(input, tokenUnits, 'RefreshToken'),
    TokenValidityUnits: tokenUnits,
    PreventUserExistenceErrors: input.PreventUserExistenceErrors ?? 'ENABLED',
    EnableTokenRevocation:
      optionalBoolean(input.EnableTokenRevocation, 'EnableTokenRevocation') ?? true,
    AuthSessionValidity:
      optionalInteger(input.AuthSessionValidity, 'authSessionValidity', 3, 15) ?? 3,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
