import { Injectable } from '@nestjs/common';
import { CognitoConfig } from '../../config/config-slices';

export interface TokenSet {
  idToken: string;
  accessToken: string;
  /** Absent on refresh unless the app client rotates refresh tokens. */
  refreshToken?: string;
}

/** Cognito answered with an OAuth error (invalid_grant…), or could not be reached (`unavailable`). */
export class CognitoTokenError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus: number | undefined,
  ) {
    super(`Cognito token endpoint: ${code}${httpStatus ? ` (HTTP ${httpStatus})` : ''}`);
    this.name = 'CognitoTokenError';
  }

  /** The grant itself is bad (used code, revoked token): retrying will not help. */
  get rejected(): boolean {
    return this.code !== 'unavailable' && this.httpStatus !== undefined && this.httpStatus < 500;
  }
}

const TOKEN_TIMEOUT_MS = 10_000;
const REVOKE_TIMEOUT_MS = 3_000;

/** The app's calls to Cognito's OAuth endpoints, authenticated with the client secret by HTTP Basic. */
@Injectable()
export class CognitoTokenClient {
  constructor(private readonly cognito: CognitoConfig) {}

  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TokenSet> {
    return this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Revokes a refresh token and every token minted from it. Waits at most a few seconds. */
  async revoke(refreshToken: string): Promise<void> {
    const response = await this.post('/oauth2/revoke', { token: refreshToken }, REVOKE_TIMEOUT_MS);
    if (!response.ok) throw new CognitoTokenError(await errorCode(response), response.status);
  }

  /**
   * Cognito's userInfo for a (user) access token; also fails for revoked tokens (401). Waits at
   * most `timeoutMs` for the whole answer, body included.
   */
  async userInfo(
    accessToken: string,
    timeoutMs = TOKEN_TIMEOUT_MS,
  ): Promise<Record<string, unknown>> {
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${this.cognito.domain}/oauth2/userInfo`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal,
        redirect: 'error',
      });
    } catch {
      throw new CognitoTokenError('unavailable', undefined);
    }
    if (!response.ok) {
      // Drained so the connection goes back to the pool; the body says nothing (errors are headers).
      await response.arrayBuffer().catch(() => undefined);
      throw new CognitoTokenError('invalid_token', response.status);
    }
    try {
      return (await response.json()) as Record<string, unknown>;
    } catch {
      throw new CognitoTokenError('unavailable', undefined);
    }
  }

  private async tokenRequest(params: Record<string, string>): Promise<TokenSet> {
    const response = await this.post('/oauth2/token', params, TOKEN_TIMEOUT_MS);
    if (!response.ok) throw new CognitoTokenError(await errorCode(response), response.status);
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body.access_token !== 'string' || typeof body.id_token !== 'string') {
      throw new CognitoTokenError('incomplete_response', response.status);
    }
    return {
      idToken: body.id_token,
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    };
  }

  private async post(
    path: string,
    params: Record<string, string>,
    timeoutMs: number,
  ): Promise<Response> {
    const basic = Buffer.from(
      `${encodeURIComponent(this.cognito.clientId)}:${encodeURIComponent(this.cognito.clientSecret)}`,
    ).toString('base64');
    try {
      return await fetch(`${this.cognito.domain}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${basic}`,
        },
        body: new URLSearchParams(params),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch {
      throw new CognitoTokenError('unavailable', undefined);
    }
  }
}

async function errorCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : `http_${response.status}`;
  } catch {
    return `http_${response.status}`;
  }
}
