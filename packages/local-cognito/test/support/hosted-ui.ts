import { createHash, randomBytes } from 'node:crypto';
import { Browser } from './browser';
import { forms, type HtmlForm } from './html';
import { CALLBACK_URL, CLIENT_ID, CLIENT_SECRET, DEMO, type IdpAddress } from './test-idp';

/** The first POST form of a hosted page (sign-in or sign-up). */
function hostedForm(html: string): HtmlForm {
  const form = forms(html).find((candidate) => candidate.method === 'post');
  if (!form) throw new Error('No form in the page');
  return form;
}

export function csrfFieldOf(html: string): string {
  const csrf = hostedForm(html).fields._csrf;
  if (!csrf) throw new Error('No _csrf field in the page');
  return csrf;
}

export function formActionOf(html: string): string {
  return hostedForm(html).action;
}

/** The host name the local Cognito's cookies belong to. */
export function hostOf(idp: IdpAddress): string {
  return new URL(idp.origin).hostname;
}

/** The local Cognito's cookie `name` as `browser` holds it, if it does. */
export function idpCookie(browser: Browser, idp: IdpAddress, name: string): string | undefined {
  return browser.jar.get(hostOf(idp), name);
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeAttempt {
  url: string;
  state: string;
  nonce: string;
  pkce: Pkce;
}

/** An authorize URL like the app builds: code flow, PKCE S256, state and nonce. */
export function authorizeUrl(
  idp: IdpAddress,
  overrides: Record<string, string | undefined> = {},
): AuthorizeAttempt {
  const pkce = newPkce();
  const state = randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK_URL,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) query.append(name, value);
  return {
    url: idp.url(`/oauth2/authorize?${query.toString()}`),
    state: params.state ?? '',
    nonce,
    pkce,
  };
}

/** The Location header of a redirect, resolved against the request URL. */
export function locationOf(response: { status: number; headers: Headers }, base: string): URL {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`Expected a redirect, got ${response.status}`);
  return new URL(location, base);
}

/** GET authorize → follow to /login → POST the form; returns the final redirect (to the app). */
export async function signInThroughForm(
  idp: IdpAddress,
  browser: Browser,
  authorize: string,
  credentials: { username: string; password: string } = DEMO,
): Promise<URL> {
  const first = await browser.get(authorize);
  expect(first.status).toBe(302);
  const loginUrl = locationOf(first, authorize);
  expect(loginUrl.pathname).toBe('/login');
  const page = await browser.get(loginUrl.toString());
  expect(page.status).toBe(200);
  const html = page.body;
  const submitted = await browser.postForm(idp.url(formActionOf(html)), {
    _csrf: csrfFieldOf(html),
    username: credentials.username,
    password: credentials.password,
  });
  expect(submitted.status).toBe(302);
  return locationOf(submitted, idp.origin);
}

export interface TokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
}

export function basicAuth(clientId = CLIENT_ID, secret = CLIENT_SECRET): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

/** POST /oauth2/token with a form body and optional headers; returns status, headers and JSON. */
export async function postToken(
  idp: IdpAddress,
  fields: Record<string, string>,
  headers: Record<string, string> = { Authorization: basicAuth() },
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(idp.url('/oauth2/token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A full sign-in as the app does it: form, then code exchange with Basic auth and the verifier. */
export async function signInForTokens(
  idp: IdpAddress,
  options: {
    browser?: Browser;
    overrides?: Record<string, string | undefined>;
    credentials?: typeof DEMO;
  } = {},
): Promise<{ tokens: TokenSet; attempt: AuthorizeAttempt; browser: Browser }> {
  const browser = options.browser ?? new Browser({ follow: false });
  const attempt = authorizeUrl(idp, options.overrides);
  const callback = await signInThroughForm(idp, browser, attempt.url, options.credentials);
  const code = callback.searchParams.get('code');
  if (code === null) throw new Error(`No code in ${callback.toString()}`);
  const exchange = await postToken(idp, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CALLBACK_URL,
    code_verifier: attempt.pkce.verifier,
  });
  expect(exchange.status).toBe(200);
  return { tokens: exchange.body as unknown as TokenSet, attempt, browser };
}

/** A code straight from the sign-in form (not yet exchanged). */
export async function codeFromSignIn(
  idp: IdpAddress,
  overrides: Record<string, string | undefined> = {},
): Promise<{ code: string; attempt: AuthorizeAttempt }> {
  const attempt = authorizeUrl(idp, overrides);
  const callback = await signInThroughForm(idp, new Browser({ follow: false }), attempt.url);
  const code = callback.searchParams.get('code');
  if (code === null) throw new Error(`No code in ${callback.toString()}`);
  return { code, attempt };
}
