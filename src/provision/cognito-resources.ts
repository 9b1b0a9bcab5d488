import {
  DEFAULT_COGNITO_SCOPES,
  DEFAULT_SESSION_ABSOLUTE_TIMEOUT_SECONDS,
} from '../config/defaults';

/**
 * The one description of what Cognito holds for a deployment of Photos: the user pool, its app
 * client and its domain, as plain data. `npm run provision` (./cognito-sdk-inputs.ts) and the CDK
 * app (deploy/lib/cognito.ts) both build their resources from it, so the two cannot drift apart.
 * No imports but the app's defaults: deploy/ compiles this file without the app's dependencies.
 */

/** The tag every pool made for Photos carries; its value is the domain prefix. */
export const DEPLOYMENT_TAG = 'photos:deployment';

export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  temporaryPasswordValidityDays: number;
}

export interface UserPoolDescription {
  name: string;
  /** Sign in with the username or with the (verified) email address. */
  signInAliases: readonly ['username', 'email'];
  requiredAttributes: readonly ['email', 'nickname'];
  autoVerifiedAttributes: readonly ['email'];
  /** People may sign up on the hosted page (the app links to it). */
  selfSignUpEnabled: boolean;
  passwordPolicy: PasswordPolicy;
  /** Deleting the pool (and every account in it) takes turning this off first. */
  deletionProtection: boolean;
  tags: Readonly<Record<string, string>>;
}

export interface TokenValidity {
  accessTokenMinutes: number;
  idTokenMinutes: number;
  refreshTokenMinutes: number;
}

export interface AppClientDescription {
  name: string;
  /** A confidential client: the app keeps the secret on the server. */
  generateSecret: true;
  oauthFlows: readonly ['code'];
  oauthScopes: readonly string[];
  callbackUrls: string[];
  logoutUrls: string[];
  identityProviders: readonly ['COGNITO'];
  /** Only refresh: the app signs people in through the hosted page, never with their password. */
  explicitAuthFlows: readonly ['ALLOW_REFRESH_TOKEN_AUTH'];
  preventUserExistenceErrors: true;
  enableTokenRevocation: true;
  tokenValidity: TokenValidity;
}

export interface DomainDescription {
  /** The Cognito domain prefix: PREFIX.auth.REGION.amazoncognito.com. */
  prefix: string;
}

export interface CognitoResources {
  userPool: UserPoolDescription;
  appClient: AppClientDescription;
  domain: DomainDescription;
}

/** Cognito's rule for a domain prefix (lower-case letters, digits, hyphens; no "aws", "amazon", "cognito"). */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_IN_PREFIX = /aws|amazon|cognito/;

export function domainPrefixProblem(prefix: string): string | undefined {
  if (!DOMAIN_PREFIX.test(prefix)) {
    return 'must be 1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen';
  }
  if (RESERVED_IN_PREFIX.test(prefix)) return 'may not contain "aws", "amazon" or "cognito"';
  return undefined;
}

/** The origin the app is served at: an http(s) URL without path, query or fragment. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'must be a URL such as https://photos.example.com';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.origin !== baseUrl.replace(/\/$/, '')) {
    return 'must be an origin (scheme, host and port) without a path';
  }
  return undefined;
}

/** The hosted UI's host name for a Cognito domain prefix. */
export function cognitoDomainName(prefix: string, region: string): string {
  return `${prefix}.auth.${region}.amazoncognito.com`;
}

/**
 * Everything Cognito needs for one deployment at `baseUrl` (the app's BASE_URL) whose hosted UI
 * lives at the domain prefix `domainPrefix`.
 */
export function cognitoResources(baseUrl: string, domainPrefix: string): CognitoResources {
  const origin = new URL(baseUrl).origin;
  return {
    userPool: {
      name: `photos-${domainPrefix}`,
      signInAliases: ['username', 'email'],
      requiredAttributes: ['email', 'nickname'],
      autoVerifiedAttributes: ['email'],
      selfSignUpEnabled: true,
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      },
      deletionProtection: true,
      tags: { [DEPLOYMENT_TAG]: domainPrefix },
    },
    appClient: {
      name: 'photos-web',
      generateSecret: true,
      oauthFlows: ['code'],
      oauthScopes: [...DEFAULT_COGNITO_SCOPES],
      callbackUrls: [`${origin}/callback`],
      logoutUrls: [`${origin}/`],
      identityProviders: ['COGNITO'],
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      tokenValidity: {
        // Cognito's default: the app refreshes a minute before expiry, so this bounds how long a
        // token of a signed-out or disabled account keeps working elsewhere.
        accessTokenMinutes: 60,
        idTokenMinutes: 60,
        // As long as a session may last (SESSION_ABSOLUTE_TIMEOUT): a longer-lived refresh token
        // would only outlive the session that stores it.
        refreshTokenMinutes: DEFAULT_SESSION_ABSOLUTE_TIMEOUT_SECONDS / 60,
      },
    },
    domain: { prefix: domainPrefix },
  };
}
