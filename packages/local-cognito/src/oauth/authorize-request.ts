import type { AppClient, ClientRegistry } from './client-registry';
import {
  MalformedParameterError,
  readParam,
  withQuery,
  type RequestParams,
} from './request-params';
import { grantedScopes } from './scopes';

/** A validated request to /oauth2/authorize (also what /login, /signup and re-login carry). */
export interface AuthorizeRequest {
  client: AppClient;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  /** BASE64URL(SHA256(verifier)); only S256 is accepted. */
  codeChallenge: string | undefined;
  prompt: string[];
  /** The query string exactly as received, so the hosted pages pass the parameters on untouched. */
  rawQuery: string;
}

/** Valid, or refused with where to send the browser: Cognito's error page or the app with ?error=. */
export type AuthorizeCheck =
  { valid: true; request: AuthorizeRequest } | { valid: false; location: string };

const PROMPT_VALUES = ['none', 'login', 'select_account', 'consent'];
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Cognito's own error page (docs/COGNITO.md §1.1): used whenever redirecting to the app is unsafe. */
export function errorPageLocation(error: string, clientId: string | undefined): string {
  return withQuery('/error', { error, client_id: clientId });
}

function refuse(location: string): AuthorizeCheck {
  return { valid: false, location };
}

/** Reads client_id and redirect_uri: until both check out, errors may only go to the error page. */
function checkClientAndRedirect(
  params: RequestParams,
  clients: ClientRegistry,
): { client: AppClient; redirectUri: string } | { location: string } {
  let clientId: string | undefined;
  let redirectUri: string | undefined;
  try {
    clientId = readParam(params, 'client_id');
    redirectUri = readParam(params, 'redirect_uri');
  } catch {
    return { location: errorPageLocation('invalid_request', undefined) };
  }
  if (clientId === undefined) return { location: errorPageLocation('invalid_request', undefined) };
  const client = clients.find(clientId);
  if (!client) return { location: errorPageLocation('invalid_client', clientId) };
  // Byte-for-byte: scheme, host, port, path, query and trailing slash all count.
  if (redirectUri === undefined || !client.callbackUrls.includes(redirectUri)) {
    return { location: errorPageLocation('redirect_mismatch', clientId) };
  }
  return { client, redirectUri };
}

/** The error to send back to the app for a malformed request, or undefined when it is fine. */
function requestError(params: RequestParams, client: AppClient): string | undefined {
  if (!client.flows.includes('code')) return 'unauthorized_client';
  const responseType = readParam(params, 'response_type');
  // Implicit (token) is a flow this client does not have enabled; anything else is malformed.
  if (responseType === 'token') return 'unauthorized_client';
  if (responseType !== 'code') return 'invalid_request';
  const method = readParam(params, 'code_challenge_method');
  const challenge = readParam(params, 'code_challenge');
  if (method !== undefined && method !== 'S256') return 'invalid_request';
  if ((method === undefined) !== (challenge === undefined)) return 'invalid_request';
  if (challenge !== undefined && !S256_CHALLENGE.test(challenge)) return 'invalid_request';
  const prompt = promptValues(params);
  if (prompt.some((value) => !PROMPT_VALUES.includes(value))) return 'invalid_request';
  if (prompt.includes('none') && prompt.length > 1) return 'invalid_request';
  if (grantedScopes(readParam(params, 'scope'), client.allowedScopes) === undefined)
    return 'invalid_scope';
  return undefined;
}

function promptValues(params: RequestParams): string[] {
  return (readParam(params, 'prompt') ?? '').split(' ').filter(Boolean);
}

/**
 * Applies Cognito's authorize rules (docs/COGNITO.md §2): an unknown client or a redirect_uri that is not
 * registered exactly never redirects to the app; other problems go back to it as ?error=…&state=….
 */
export function checkAuthorizeRequest(
  params: RequestParams,
  rawQuery: string,
  clients: ClientRegistry,
): AuthorizeCheck {
  const target = checkClientAndRedirect(params, clients);
  if ('location' in target) return refuse(target.location);
  const { client, redirectUri } = target;
  let state: string | undefined;
  let nonce: string | undefined;
  let error: string | undefined;
  try {
    state = readParam(params, 'state');
    nonce = readParam(params, 'nonce');
    error = requestError(params, client);
  } catch (malformed) {
    if (!(malformed instanceof MalformedParameterError)) throw malformed;
    error = 'invalid_request';
    state = typeof params.state === 'string' ? params.state : undefined;
  }
  if (error !== undefined) return refuse(withQuery(redirectUri, { error, state }));
  return {
    valid: true,
    request: {
      client,
      redirectUri,
      scopes: grantedScopes(readParam(params, 'scope'), client.allowedScopes) ?? [],
      state,
      nonce,
      codeChallenge: readParam(params, 'code_challenge'),
      prompt: promptValues(params),
      rawQuery,
    },
  };
}
