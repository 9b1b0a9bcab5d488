import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { IdpAddress } from './test-idp';

/** The real AWS SDK client, pointed at the local Cognito, with credentials nobody checks. */
export function cognitoApi(idp: IdpAddress, region = 'eu-west-1'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: idp.origin,
    region,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    maxAttempts: 1,
  });
}

/**
 * aws-jwt-verify with Cognito's claim checks for a pool served over http (its own fetcher only
 * speaks https, so the JWKS is fetched here and cached into it: the maintainers' emulator recipe).
 */
export async function verifyCognitoToken(
  idp: IdpAddress,
  poolId: string,
  token: string,
  tokenUse: 'id' | 'access',
  clientId: string,
): Promise<Record<string, unknown>> {
  const issuer = idp.url(`/${poolId}`);
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const jwks = (await (await fetch(jwksUri)).json()) as Jwks;
  const verifier = JwtVerifier.create({
    issuer,
    audience: null,
    jwksUri,
    customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
  });
  verifier.cacheJwks(jwks);
  return await verifier.verify(token);
}

/** A raw call to the API, for wire-level checks only (the SDK hides the wire). */
export async function rawApiCall(
  idp: IdpAddress,
  action: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(idp.url('/'), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A password meeting Cognito's default policy (upper, lower, digit, symbol, 8+). */
export const STRONG_PASSWORD = 'Str0ng!Passw0rd';
