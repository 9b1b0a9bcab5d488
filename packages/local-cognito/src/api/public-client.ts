import { createHmac } from 'node:crypto';
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { sameSecret } from '../oauth/client-registry';
import type { AppClient } from '../pools/app-client';
import type { UserPool } from '../pools/user-pool';
import type { UserPools } from '../pools/user-pools';
import type { LocalCognitoUser } from '../users/user.store';
import type { CodeCheck } from '../users/verification-codes';
import { CognitoApiError, notAuthorized, resourceNotFound } from './api-error';
import { requiredString } from './api-input';

/** The app client (and its pool) a user's own call names by `ClientId`. */
export function requireClient(
  pools: UserPools,
  clientId: unknown,
): { pool: UserPool; client: AppClient } {
  const id = requiredString(clientId, 'clientId');
  const found = pools.findClient(id);
  if (!found) throw resourceNotFound(`User pool client ${id} does not exist.`);
  return found;
}

/** Base64(HMAC-SHA256(key = client secret, message = username + client id)), docs/COGNITO.md §10. */
export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(`${username}${clientId}`).digest('base64');
}

/**
 * A client with a secret must send SECRET_HASH, computed over one of `usernames` (the username as
 * typed, or for refreshes the username or sub); a public client needs none.
 */
export function checkSecretHash(
  client: AppClient,
  presented: string | undefined,
  usernames: string[],
): void {
  const secret = client.clientSecret;
  if (secret === undefined) return;
  if (presented === undefined)
    throw notAuthorized(
      `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`,
    );
  const matches = usernames.some((name) =>
    sameSecret(presented, secretHash(secret, name, client.clientId)),
  );
  if (!matches) throw notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
}

/** Where Cognito says it sent a code: the address masked as `a***@e***`. */
export function emailDelivery(user: LocalCognitoUser): CodeDeliveryDetailsType {
  const [local = '', domain = ''] = user.email.split('@');
  return {
    Destination: `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`,
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  };
}

/** A failed code check as Cognito's exception. */
export function codeRefusal(check: Exclude<CodeCheck, 'valid'>): CognitoApiError {
  switch (check) {
    case 'expired':
      return new CognitoApiError(
        'ExpiredCodeException',
        'Invalid code provided, please request a code again.',
      );
    case 'too-many-attempts':
      return new CognitoApiError(
        'LimitExceededException',
        'Attempt limit exceeded, please try after some time.',
      );
    default:
      return new CognitoApiError(
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
  }
}
