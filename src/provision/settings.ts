import type { Provisioned } from './apply';
import { cognitoDomainName } from './cognito-resources';

/** The settings `provision` gives the app, in the order it prints them. */
export const COGNITO_SETTING_KEYS = [
  'COGNITO_DOMAIN',
  'COGNITO_REGION',
  'COGNITO_USER_POOL_ID',
  'COGNITO_CLIENT_ID',
  'COGNITO_CLIENT_SECRET',
  'COGNITO_ISSUER',
] as const;
export type CognitoSettings = Partial<Record<(typeof COGNITO_SETTING_KEYS)[number], string>>;

/** A pool id is REGION_ID: the region is the part before the underscore. */
export function regionOfPool(userPoolId: string): string {
  return userPoolId.slice(0, userPoolId.indexOf('_'));
}

/**
 * COGNITO_* for the app. On AWS the hosted UI is PREFIX.auth.REGION.amazoncognito.com and the
 * app derives the issuer; an emulator (`--endpoint`) serves both the API and the hosted UI on its
 * own origin, and names its issuer ORIGIN/POOL_ID, so COGNITO_DOMAIN and COGNITO_ISSUER say so.
 */
export function cognitoSettings(
  provisioned: Provisioned,
  domainPrefix: string,
  endpoint?: string,
): CognitoSettings {
  const region = regionOfPool(provisioned.userPoolId);
  const emulator = endpoint ? new URL(endpoint).origin : undefined;
  return {
    COGNITO_DOMAIN: emulator ?? cognitoDomainName(domainPrefix, region),
    COGNITO_REGION: region,
    COGNITO_USER_POOL_ID: provisioned.userPoolId,
    COGNITO_CLIENT_ID: provisioned.clientId,
    COGNITO_CLIENT_SECRET: provisioned.clientSecret,
    ...(emulator ? { COGNITO_ISSUER: `${emulator}/${provisioned.userPoolId}` } : {}),
  };
}

export function settingsLines(settings: CognitoSettings): string {
  return COGNITO_SETTING_KEYS.filter((key) => settings[key] !== undefined)
    .map((key) => `${key}=${settings[key]}`)
    .join('\n');
}
