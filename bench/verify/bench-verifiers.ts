/**
 * What both verify benches share: a Cognito-shaped access token signer, a loopback JWKS endpoint,
 * and the two verifiers holding that JWKS (each has fetched it once, so only verification is timed).
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID, webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifierFor } from '../../test/support/token-verifier';

type CryptoKey = webcrypto.CryptoKey;

const USER_POOL_ID = 'us-east-1_Bench';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const CLIENT_ID = 'bench-client';
const KID = 'bench-key';

/** Verifies one token; resolves when accepted, rejects when refused. */
export type Verify = (token: string) => Promise<unknown>;

export interface BenchKeys {
  privateKey: CryptoKey;
  jwksUrl: string;
  close(): void;
}

/** A fresh RS256 key pair whose public half a loopback JWKS endpoint serves. */
export async function benchKeys(): Promise<BenchKeys> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    privateKey: pair.privateKey,
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    close: () => server.close(),
  };
}

/** A Cognito access token for the bench's pool and client, `claims` overriding the defaults. */
export function signAccessToken(
  key: CryptoKey,
  claims: Record<string, unknown> = {},
  kid = KID,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: randomUUID(),
    client_id: CLIENT_ID,
    token_use: 'access',
    scope: 'openid email profile',
    username: 'bench',
    origin_jti: randomUUID(),
    jti: randomUUID(),
    iat: now,
    exp: now + 3600,
    iss: ISSUER,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(key);
}

/** Our TokenVerifier, with the JWKS fetched once by verifying `warmUpToken`. */
export async function ourVerifier(jwksUrl: string, warmUpToken: string): Promise<Verify> {
  const ours = verifierFor({
    domain: 'http://127.0.0.1',
    issuer: ISSUER,
    jwksUri: jwksUrl,
    clientId: CLIENT_ID,
  });
  await ours.verifyAccessToken(warmUpToken);
  return (token) => ours.verifyAccessToken(token);
}

/** aws-jwt-verify's CognitoJwtVerifier, its JWKS fetched once. */
export async function awsVerifier(jwksUrl: string): Promise<Verify> {
  // Its fetcher reads our loopback endpoint whatever the URI: nothing leaves the machine.
  const loopback = { fetch: () => fetch(jwksUrl).then((response) => response.arrayBuffer()) };
  const aws = CognitoJwtVerifier.create(
    { userPoolId: USER_POOL_ID, tokenUse: 'access', clientId: CLIENT_ID },
    { jwksCache: new SimpleJwksCache({ fetcher: loopback }) },
  );
  await aws.hydrate();
  return (token) => aws.verify(token);
}
