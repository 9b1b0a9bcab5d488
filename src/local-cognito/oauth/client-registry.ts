import { createHash, timingSafeEqual } from 'node:crypto';
import type { LocalCognitoConfig } from '../local-cognito.config';
import { OAuthError } from './oauth-error';
import { STANDARD_SCOPES } from './scopes';

export type ClientFlow = 'code' | 'client_credentials';

export interface AppClient {
  clientId: string;
  /** Shown on the hosted pages: "Sign in to {name}". */
  clientName: string;
  /** Undefined for a public client. */
  clientSecret: string | undefined;
  flows: ClientFlow[];
  allowedScopes: string[];
  callbackUrls: string[];
  logoutUrls: string[];
}

export const DEFAULT_CLIENT_NAME = 'Photos';

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

/** A client id and secret as presented at the token or revocation endpoint. */
export interface PresentedClient {
  /**
   * Each value the id and secret may be: as sent, and form-decoded (RFC 6749 §2.3.1 has clients
   * form-encode Basic credentials; clients written for Cognito usually do not).
   */
  clientIdCandidates: string[];
  secretCandidates: string[];
}

function sameSecret(presented: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time reveals nothing about the secret.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The pool's app clients: the configured web client, the public API client, and any machine clients. */
export class ClientRegistry {
  private readonly clients: Map<string, AppClient>;

  constructor(clients: AppClient[]) {
    this.clients = new Map(clients.map((client) => [client.clientId, client]));
  }

  static fromConfig(config: LocalCognitoConfig): ClientRegistry {
    const webClient: AppClient = {
      clientId: config.clientId,
      clientName: config.clientName ?? DEFAULT_CLIENT_NAME,
      clientSecret: config.clientSecret === '' ? undefined : config.clientSecret,
      flows: ['code'],
      allowedScopes: STANDARD_SCOPES,
      callbackUrls: config.callbackUrls,
      logoutUrls: config.logoutUrls,
    };
    const machineClients = (config.machineClients ?? []).map((machine): AppClient => ({
      clientId: machine.clientId,
      clientName: machine.clientId,
      clientSecret: machine.clientSecret,
      flows: ['client_credentials'],
      allowedScopes: machine.scopes,
      callbackUrls: [],
      logoutUrls: [],
    }));
    // Public: no secret at the token endpoint, so the PKCE verifier its callers always send is what
    // binds a code to the one who asked for it (Cognito, like this emulator, does not demand PKCE).
    const apiClients = config.apiClient
      ? [
          {
            clientId: config.apiClient.clientId,
            clientName: `${config.clientName ?? DEFAULT_CLIENT_NAME} API`,
            clientSecret: undefined,
            flows: ['code'],
            allowedScopes: STANDARD_SCOPES,
            callbackUrls: config.apiClient.callbackUrls,
            logoutUrls: [],
          } satisfies AppClient,
        ]
      : [];
    return new ClientRegistry([webClient, ...apiClients, ...machineClients]);
  }

  find(clientId: string | undefined): AppClient | undefined {
    return clientId === undefined ? undefined : this.clients.get(clientId);
  }

  /** The authenticated client, or `invalid_client` (with the status the endpoint uses for it). */
  authenticate(presented: PresentedClient, failureStatus: number): AppClient {
    const client = presented.clientIdCandidates.map((id) => this.clients.get(id)).find(Boolean);
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
