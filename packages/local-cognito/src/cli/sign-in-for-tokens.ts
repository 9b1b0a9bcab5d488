import { createHash, randomBytes } from 'node:crypto';

/** What a client needs to sign a user in at a (local) Cognito hosted UI and get their tokens. */
export interface TokenRequest {
  /** The hosted UI's origin, e.g. http://localhost:9400. */
  origin: string;
  /** A public app client (no secret): the API client. */
  clientId: string;
  /** One of the client's registered callback URLs, exactly; never requested, only read back. */
  redirectUri: string;
  username: string;
  password: string;
  scope: string;
}

export interface CognitoTokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
}

/** A refusal a person can act on (wrong password, unknown client, no server): one clear line. */
export class TokenSignInError extends Error {}

const MAX_HOPS = 5;

/** Cookies kept across the hosted UI's pages (its CSRF and session cookies), for one origin. */
class Cookies {
  private readonly values = new Map<string, string>();

  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0)
        this.values.set(pair.slice(0, separator).trim(), pair.slice(separator + 1));
    }
  }

  header(): Record<string, string> {
    if (this.values.size === 0) return {};
    return { cookie: [...this.values].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match ? decodeEntities(match[1]) : undefined;
}

/** The sign-in form of the hosted page: its action and hidden fields (the CSRF token). */
function signInForm(html: string, pageUrl: string): { action: string; fields: URLSearchParams } {
  const form = /<form\b[^>]*\bmethod="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new TokenSignInError(`No sign-in form at ${pageUrl}`);
  const openingTag = form[0].slice(0, form[0].indexOf('>') + 1);
  const fields = new URLSearchParams();
  for (const [input] of form[1].matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name');
    if (attribute(input, 'type') === 'hidden' && name)
      fields.set(name, attribute(input, 'value') ?? '');
  }
  return { action: new URL(attribute(openingTag, 'action') ?? '', pageUrl).toString(), fields };
}

/** The hosted page's own message (role="alert"), e.g. "Incorrect username or password." */
function alertOf(html: string): string | undefined {
  const match = /<[a-z]+\b[^>]*role="alert"[^>]*>([\s\S]*?)<\/[a-z]+>/i.exec(html);
  return match ? decodeEntities(match[1].replace(/<[^>]+>/g, '')).trim() : undefined;
}

async function send(url: string, cookies: Cookies, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...cookies.header(), ...(init.headers as Record<string, string>) },
    });
  } catch {
    throw new TokenSignInError(
      `No local Cognito answers at ${new URL(url).origin}: start the app (npm start) or the local Cognito (npm run local-cognito) first, or set LOCAL_COGNITO_PORT to the port it runs on`,
    );
  }
  cookies.keep(response);
  return response;
}

/** Follows the hosted UI's redirects up to (never into) the callback; returns the callback URL. */
async function followToCallback(
  start: Response,
  from: string,
  request: TokenRequest,
  cookies: Cookies,
): Promise<{ callback?: URL; page?: Response; pageUrl: string }> {
  let response = start;
  let url = from;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location)
      return { page: response, pageUrl: url };
    const next = new URL(location, url);
    if (next.toString().startsWith(`${request.redirectUri}?`))
      return { callback: next, pageUrl: url };
    if (next.origin !== request.origin)
      throw new TokenSignInError(`The hosted UI redirected elsewhere: ${next.origin}`);
    url = next.toString();
    response = await send(url, cookies);
  }
  throw new TokenSignInError('Too many redirects at the hosted UI');
}

function codeFrom(callback: URL, state: string): string {
  const error = callback.searchParams.get('error');
  if (error)
    throw new TokenSignInError(
      `The local Cognito refused the sign-in: ${error} ${callback.searchParams.get('error_description') ?? ''}`.trim(),
    );
  if (callback.searchParams.get('state') !== state)
    throw new TokenSignInError('The callback carried another state');
  const code = callback.searchParams.get('code');
  if (!code) throw new TokenSignInError('No code in the callback');
  return code;
}

/**
 * Signs a user in as an API client does (the README's "Calling the API"): the authorization code
 * flow with state and PKCE (S256) at the hosted UI, the password typed into its form over HTTP,
 * the code read from the redirect to the registered callback (which is never requested), then
 * exchanged at /oauth2/token with the PKCE verifier. A public client: no secret anywhere.
 */
export async function signInForTokens(request: TokenRequest): Promise<CognitoTokens> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL('/oauth2/authorize', request.origin);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scope,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const cookies = new Cookies();
  const toForm = await followToCallback(
    await send(authorize.toString(), cookies),
    authorize.toString(),
    request,
    cookies,
  );
  let callback = toForm.callback;
  if (!callback) {
    const html = await toForm.page!.text();
    if (toForm.page!.status !== 200)
      throw new TokenSignInError(
        `The local Cognito refused the request (${toForm.page!.status}): ${alertOf(html) ?? toForm.pageUrl} (asked as client ${request.clientId} with callback ${request.redirectUri}, which LOCAL_COGNITO_API_CLIENT_ID and PORT or BASE_URL decide: give this command the app's own)`,
      );
    const form = signInForm(html, toForm.pageUrl);
    form.fields.set('username', request.username);
    form.fields.set('password', request.password);
    const submitted = await send(form.action, cookies, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.fields,
    });
    const afterSignIn = await followToCallback(submitted, form.action, request, cookies);
    if (!afterSignIn.callback) {
      const page = afterSignIn.page!;
      throw new TokenSignInError(
        `Sign-in refused (${page.status}): ${alertOf(await page.text()) ?? 'no reason given'}`,
      );
    }
    callback = afterSignIn.callback;
  }
  return exchangeCode(request, codeFrom(callback, state), verifier);
}

async function exchangeCode(
  request: TokenRequest,
  code: string,
  verifier: string,
): Promise<CognitoTokens> {
  const response = await send(`${request.origin}/oauth2/token`, new Cookies(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: request.clientId,
      code,
      redirect_uri: request.redirectUri,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json()) as Partial<CognitoTokens> & { error?: string };
  if (!response.ok || !body.access_token)
    throw new TokenSignInError(`The token exchange failed (${response.status}): ${body.error}`);
  return body as CognitoTokens;
}
