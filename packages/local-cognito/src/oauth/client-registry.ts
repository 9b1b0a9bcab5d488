import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppClient } from '../pools/app-client';
import type { UserPools } from '../pools/user-pools';
import { OAuthError } from './oauth-error';

export { DEFAULT_CLIENT_NAME } from '../pools/configured-pool';
export { appHomeUrl, type AppClient, type ClientFlow } from '../pools/app-client';

/** A client id and secret as presented at the token or revocation endpoint. */
export interface PresentedClient {
  /**
   * Each value the id and secret may be: as sent, and form-decoded (RFC 6749 §2.3.1 has clients
   * form-encode Basic credentials; clients written for Cognito usually do not).
   */
  clientIdCandidates: string[];
  secretCandidates: string[];
}

export function sameSecret(presented: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time reveals nothing about the secret.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The app clients of every pool, found by client id (unique across pools). */
export class ClientRegistry {
  constructor(private readonly pools: UserPools) {}

  find(clientId: string | undefined): AppClient | undefined {
    return this.pools.findClient(clientId)?.client;
  }

  /** The authenticated client, or `invalid_client` (with the status the endpoint uses for it). */
  authenticate(presented: PresentedClient, failureStatus: number): AppClient {
    const client = presented.clientIdCandidates.map((id) => this.find(id)).find(Boolean);
    const fail = () => new OAuthError('invalid_client', failureStatus);
    if (!client) throw fail();
    if (client.clientSecret === undefined) {
      if (presented.secretCandidates.length > 0) throw fail();
      return client;
    }
    const expected = client.clientSecret;
    if (!presented.secretCandidates.some((secret) => sameSecret(secret, expected))) throw fail();
    return client;
  }
}
