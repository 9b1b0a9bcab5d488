import type { TimeUnitsType } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientRecord } from './pool-records';

export type ClientFlow = 'code' | 'client_credentials';

/** An app client as the hosted UI, the OAuth endpoints and the sign-in API enforce it. */
export interface AppClient {
  poolId: string;
  clientId: string;
  /** Shown on the hosted pages: "Sign in to {name}". */
  clientName: string;
  /** Undefined for a public client. */
  clientSecret: string | undefined;
  /** OAuth grants the client may use at /oauth2/authorize and /oauth2/token (none: OAuth off). */
  flows: ClientFlow[];
  allowedScopes: string[];
  callbackUrls: string[];
  logoutUrls: string[];
  /** `ALLOW_USER_PASSWORD_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`, … (the API's InitiateAuth flows). */
  explicitAuthFlows: string[];
  accessTokenSeconds: number;
  idTokenSeconds: number;
  refreshTokenSeconds: number;
}

const SECONDS_PER: Record<TimeUnitsType, number> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86400,
};

/** Cognito's defaults: one hour for ID and access tokens, 30 days for refresh tokens. */
export const DEFAULT_VALIDITY = {
  AccessToken: { value: 60, unit: 'minutes' },
  IdToken: { value: 60, unit: 'minutes' },
  RefreshToken: { value: 30, unit: 'days' },
} as const;

/** Cognito's units when TokenValidityUnits leaves one out: hours for ID/access, days for refresh. */
export const DEFAULT_UNITS = {
  AccessToken: 'hours',
  IdToken: 'hours',
  RefreshToken: 'days',
} as const;

type TokenKind = keyof typeof DEFAULT_VALIDITY;

/** A token lifetime in seconds from a client's `…TokenValidity` and `TokenValidityUnits`. */
export function validitySeconds(record: ClientRecord, kind: TokenKind): number {
  const value = record[`${kind}Validity`];
  if (value === undefined) {
    const fallback = DEFAULT_VALIDITY[kind];
    return fallback.value * SECONDS_PER[fallback.unit];
  }
  const unit = record.TokenValidityUnits?.[kind] ?? DEFAULT_UNITS[kind];
  return value * SECONDS_PER[unit];
}

/** The enforced view of a stored client record. */
export function appClientOf(record: ClientRecord): AppClient {
  const oauthOn = record.AllowedOAuthFlowsUserPoolClient === true;
  const flows = oauthOn
    ? (record.AllowedOAuthFlows ?? []).filter(
        (flow): flow is ClientFlow => flow === 'code' || flow === 'client_credentials',
      )
    : [];
  return {
    poolId: record.UserPoolId,
    clientId: record.ClientId,
    clientName: record.ClientName,
    clientSecret: record.ClientSecret,
    flows,
    allowedScopes: oauthOn ? (record.AllowedOAuthScopes ?? []) : [],
    callbackUrls: record.CallbackURLs ?? [],
    logoutUrls: record.LogoutURLs ?? [],
    explicitAuthFlows: record.ExplicitAuthFlows ?? [],
    accessTokenSeconds: validitySeconds(record, 'AccessToken'),
    idTokenSeconds: validitySeconds(record, 'IdToken'),
    refreshTokenSeconds: validitySeconds(record, 'RefreshToken'),
  };
}

/**
 * Where the hosted pages' "Back to …" link goes: only ever a URL the client registered (its first
 * sign-out URL, else the origin of its first web callback URL), never anything from the request.
 */
export function appHomeUrl(client: AppClient): string | undefined {
  if (client.logoutUrls[0] !== undefined) return client.logoutUrls[0];
  const webCallback = client.callbackUrls
    .map((url) => new URL(url))
    .find((url) => url.protocol === 'https:' || url.protocol === 'http:');
  return webCallback ? `${webCallback.origin}/` : undefined;
}
