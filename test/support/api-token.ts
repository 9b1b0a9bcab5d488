import { importJWK, type JWK, SignJWT } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, type Page } from './browser';
import { DEMO } from './test-stack';

export interface ApiTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
}

/** Where to get tokens: a TestStack, or anything shaped like one (the upload benchmark). */
export interface TokenSource {
  baseUrl: string;
  idp: { origin: string };
  env: Record<string, string>;
}

interface Credentials {
  username: string;
  password: string;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * POSTs a form to one of the local Cognito's endpoints (`/oauth2/token`, `/oauth2/revoke`) as the
 * app client does: authenticated with its id and secret by HTTP Basic.
 */
export function postAsAppClient(
  stack: TokenSource,
  path: string,
  params: Record<string, string>,
): Promise<Response> {
  const basic = Buffer.from(
    `${stack.env.COGNITO_CLIENT_ID}:${stack.env.COGNITO_CLIENT_SECRET}`,
  ).toString('base64');
  return fetch(`${stack.idp.origin}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params),
  });
}

/**
 * Gets Cognito tokens as an API client would: its own authorization-code flow with state and
 * PKCE against the local Cognito (the TestStack's client and its registered callback), signing
 * in on the hosted form, taking the code from the callback URL without letting the app see it,
 * and exchanging it at /oauth2/token with the client secret by HTTP Basic. Given a `browser`
 * that holds a hosted-UI session (it signed in before), Cognito sends the code without asking
 * for the password again, as it does for a person's second app in the same browser.
 */
export async function apiTokens(
  stack: TokenSource,
  user: Credentials = DEMO,
  scope = 'openid email profile',
  browser = new Browser(),
): Promise<ApiTokens> {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const redirectUri = `${stack.baseUrl}/callback`;
  const authorize = new URL('/oauth2/authorize', stack.idp.origin);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: stack.env.COGNITO_CLIENT_ID,
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();

  const opened = await untilCallback(
    browser,
    await browser.get(authorize.toString(), { follow: false }),
    redirectUri,
  );
  let callback: URL | Page = opened;
  if (!(opened instanceof URL)) {
    if (opened.status !== 200)
      throw new Error(`Hosted sign-in answered ${opened.status} at ${opened.url}`);
    const credentials = { username: user.username, password: user.password };
    const posted = await browser.submit(opened, /login/, credentials, { follow: false });
    callback = await untilCallback(browser, posted, redirectUri);
  }
  if (!(callback instanceof URL))
    throw new Error(`Sign-in did not reach the callback: ${callback.status} ${callback.url}`);
  if (callback.searchParams.get('state') !== state)
    throw new Error('The callback carried another state');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`No code in the callback: ${callback.toString()}`);
  return exchangeCode(stack, code, redirectUri, verifier);
}

/**
 * Follows the hosted UI's own redirects, stopping at (and never requesting) the callback: its URL,
 * or the first page that is not a redirect.
 */
async function untilCallback(
  browser: Browser,
  start: Page,
  redirectUri: string,
): Promise<URL | Page> {
  let page = start;
  for (let hop = 0; hop < 10 && page.status >= 300 && page.status < 400; hop++) {
    const next = new URL(page.headers.get('location')!, page.url);
    if (next.toString().startsWith(`${redirectUri}?`)) return next;
    page = await browser.get(next.toString(), { follow: false });
  }
  return page;
}

async function exchangeCode(
  stack: TokenSource,
  code: string,
  redirectUri: string,
  verifier: string,
): Promise<ApiTokens> {
  const response = await postAsAppClient(stack, '/oauth2/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  const body = (await response.json()) as Record<string, string>;
  if (!response.ok)
    throw new Error(`Token exchange failed: ${response.status} ${JSON.stringify(body)}`);
  return {
    accessToken: body.access_token,
    idToken: body.id_token,
    refreshToken: body.refresh_token,
  };
}

/**
 * Re-signs a real access token with the local Cognito's own access-token key (kept under
 * DATA_DIR/local-cognito so tests can forge tokens), with some claims changed: a token that
 * passes every signature check yet differs in what is under test (e.g. its scopes).
 */
export async function forgeAccessToken(
  stack: TokenSource,
  accessToken: string,
  changes: Record<string, unknown>,
): Promise<string> {
  const file = JSON.parse(
    await readFile(join(stack.env.DATA_DIR, 'local-cognito', 'signing-keys.json'), 'utf8'),
  ) as {
    keys: (JWK & { token_use?: string })[];
  };
  const jwk = [...file.keys].reverse().find((key) => key.token_use === 'access');
  if (!jwk?.kid) throw new Error('No access-token signing key in signing-keys.json');
  const claims = JSON.parse(
    Buffer.from(accessToken.split('.')[1], 'base64url').toString(),
  ) as Record<string, unknown>;
  return new SignJWT({ ...claims, ...changes })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .sign(await importJWK(jwk, 'RS256'));
}
