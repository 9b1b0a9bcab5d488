import { CompactSign, exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createHash, createPublicKey, webcrypto } from 'node:crypto';
import { InvalidTokenError } from './token-claims';
import { verifierFor } from '../../../test/support/token-verifier';
import { CLOCK_TOLERANCE_SECONDS, TokenVerifier } from './token-verifier.service';

type CryptoKey = webcrypto.CryptoKey;

const CLIENT_ID = 'photos-client';
const NONCE = 'nonce-123';
/** The access token an ID token of the table was issued with (its at_hash names this one). */
const ACCESS_TOKEN = 'the.access-token.issued-with-it';
const atHash = (token: string) =>
  createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');
const EXPECTED = { nonce: NONCE, accessToken: ACCESS_TOKEN };

/** A real JWKS endpoint over HTTP, as Cognito's, with one key per token use. */
async function jwksServer(
  keys: JWK[],
): Promise<{ server: Server; url: string; fetches: () => number }> {
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, fetches: () => fetches };
}

describe('TokenVerifier', () => {
  let server: Server;
  let issuer: string;
  let verifier: TokenVerifier;
  let idKey: CryptoKey;
  let accessKey: CryptoKey;
  let strangerKey: CryptoKey;
  let rsaPublicPem: string;
  let fetches: () => number;
  /** Another verifier of the same pool, with nothing fetched yet. */
  let freshVerifier: () => TokenVerifier;

  beforeAll(async () => {
    const id = await generateKeyPair('RS256', { extractable: true });
    const access = await generateKeyPair('RS256', { extractable: true });
    const stranger = await generateKeyPair('RS256', { extractable: true });
    idKey = id.privateKey;
    accessKey = access.privateKey;
    strangerKey = stranger.privateKey;
    const jwks = [
      { ...(await exportJWK(id.publicKey)), kid: 'id-key=', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(access.publicKey)), kid: 'access+key/', alg: 'RS256', use: 'sig' },
    ];
    rsaPublicPem = createPublicKey({ key: jwks[0], format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const started = await jwksServer(jwks);
    server = started.server;
    fetches = started.fetches;
    issuer = `${started.url}/us-local-1_Test`;
    freshVerifier = () =>
      verifierFor({
        issuer,
        jwksUri: `${started.url}/jwks.json`,
        clientId: CLIENT_ID,
        domain: started.url,
      });
    verifier = freshVerifier();
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const now = () => Math.floor(Date.now() / 1000);
  const idClaims = () => ({
    sub: 'user-1',
    aud: CLIENT_ID,
    token_use: 'id',
    'cognito:username': 'demo',
    nonce: NONCE,
    at_hash: atHash(ACCESS_TOKEN),
    email: 'demo@example.com',
  });
  const accessClaims = () => ({
    sub: 'user-1',
    client_id: CLIENT_ID,
    token_use: 'access',
    scope: 'openid email',
    username: 'demo',
  });

  async function sign(
    claims: Record<string, unknown>,
    options: {
      key?: CryptoKey;
      kid?: string | null;
      iss?: string;
      exp?: number;
      iat?: number;
    } = {},
  ): Promise<string> {
    const header: { alg: string; kid?: string } = { alg: 'RS256' };
    const kid =
      options.kid === undefined
        ? claims.token_use === 'access'
          ? 'access+key/'
          : 'id-key='
        : options.kid;
    if (kid !== null) header.kid = kid;
    return new SignJWT(claims)
      .setProtectedHeader(header)
      .setIssuer(options.iss ?? issuer)
      .setIssuedAt(options.iat ?? now())
      .setExpirationTime(options.exp ?? now() + 3600)
      .sign(options.key ?? (claims.token_use === 'access' ? accessKey : idKey));
  }

  it('accepts a good ID token with the sign-in nonce', async () => {
    const claims = await verifier.verifyIdToken(await sign(idClaims()), EXPECTED);
    expect(claims['cognito:username']).toBe('demo');
  });

  it('accepts a good access token', async () => {
    const claims = await verifier.verifyAccessToken(await sign(accessClaims()));
    expect(claims.scope).toBe('openid email');
  });

  const unsigned = (claims: Record<string, unknown>, alg: string) =>
    `${Buffer.from(JSON.stringify({ alg, kid: 'id-key=' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, iss: issuer, iat: now(), exp: now() + 3600 }),
    ).toString('base64url')}.`;

  const broken: [string, () => Promise<string>][] = [
    ['alg none', () => Promise.resolve(unsigned(idClaims(), 'none'))],
    [
      'HS256 signed with the public key',
      () =>
        Promise.resolve(
          jwt.sign({ ...idClaims(), iss: issuer }, rsaPublicPem, {
            algorithm: 'HS256',
            keyid: 'id-key=',
          }),
        ),
    ],
    [
      'wrong alg in header (RS512 label)',
      async () => {
        const token = await sign(idClaims());
        const [, payload, signature] = token.split('.');
        return `${Buffer.from(JSON.stringify({ alg: 'RS512', kid: 'id-key=' })).toString('base64url')}.${payload}.${signature}`;
      },
    ],
    ['unknown kid', async () => sign(idClaims(), { kid: 'nobody' })],
    ['no kid', async () => sign(idClaims(), { kid: null })],
    ['signed by another key', async () => sign(idClaims(), { key: strangerKey })],
    [
      'wrong issuer',
      async () =>
        sign(idClaims(), { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }),
    ],
    ['expired', async () => sign(idClaims(), { exp: now() - 60, iat: now() - 3660 })],
    ['issued in the future', async () => sign(idClaims(), { iat: now() + 600, exp: now() + 4200 })],
    [
      'access token where an ID token is expected',
      async () =>
        sign(
          { ...accessClaims(), aud: CLIENT_ID, nonce: NONCE, 'cognito:username': 'demo' },
          { kid: 'id-key=', key: idKey },
        ),
    ],
    ['another client (aud)', async () => sign({ ...idClaims(), aud: 'someone-else' })],
    ['wrong nonce', async () => sign({ ...idClaims(), nonce: 'other' })],
    [
      'missing nonce',
      async () => {
        const { nonce: _n, ...rest } = idClaims();
        return sign(rest);
      },
    ],
    [
      'missing sub',
      async () => {
        const { sub: _s, ...rest } = idClaims();
        return sign(rest);
      },
    ],
    [
      'missing cognito:username',
      async () => {
        const { 'cognito:username': _u, ...rest } = idClaims();
        return sign(rest);
      },
    ],
    [
      'tampered payload',
      async () => {
        const [header, , signature] = (await sign(idClaims())).split('.');
        const payload = Buffer.from(
          JSON.stringify({
            ...idClaims(),
            sub: 'admin',
            iss: issuer,
            iat: now(),
            exp: now() + 3600,
          }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      'tampered signature',
      async () => {
        const token = await sign(idClaims());
        return token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      },
    ],
    ['not a JWT', () => Promise.resolve('abc.def')],
    [
      'at_hash of another access token (tokens of two sign-ins swapped)',
      async () => sign({ ...idClaims(), at_hash: atHash('another.sign-ins.access-token') }),
    ],
    [
      'no at_hash',
      async () => {
        const { at_hash: _h, ...rest } = idClaims();
        return sign(rest);
      },
    ],
    [
      'cognito:groups not a list of names',
      async () => sign({ ...idClaims(), 'cognito:groups': 'admin' }),
    ],
    [
      'cognito:groups holding a non-string',
      async () => sign({ ...idClaims(), 'cognito:groups': ['users', { admin: true }] }),
    ],
  ];

  it.each(broken)('refuses an ID token: %s', async (_name, make) => {
    await expect(verifier.verifyIdToken(await make(), EXPECTED)).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  const brokenAccess: [string, () => Promise<string>][] = [
    ['an ID token', async () => sign(idClaims())],
    [
      'another client (client_id)',
      async () => sign({ ...accessClaims(), client_id: 'someone-else' }),
    ],
    [
      'no token_use',
      async () => {
        const { token_use: _t, ...rest } = accessClaims();
        return sign({ ...rest }, { kid: 'access+key/', key: accessKey });
      },
    ],
    ['expired', async () => sign(accessClaims(), { exp: now() - 60, iat: now() - 3660 })],
  ];

  it.each(brokenAccess)('refuses an access token: %s', async (_name, make) => {
    await expect(verifier.verifyAccessToken(await make())).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  /** Signed by the access key with exactly these claims (none added), under `header`. */
  const signedAs = (payload: string, header: Record<string, unknown> = {}) =>
    new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: 'RS256', kid: 'access+key/', ...header })
      .sign(accessKey);
  const claimsJson = (extra: Record<string, unknown>) =>
    JSON.stringify({ ...accessClaims(), iss: issuer, iat: now(), exp: now() + 3600, ...extra });

  const refusedAsJsonWebTokenDid: [string, () => Promise<string>][] = [
    ['not valid before a minute from now (nbf)', () => signedAs(claimsJson({ nbf: now() + 60 }))],
    ['nbf not a number', () => signedAs(claimsJson({ nbf: String(now()) }))],
    ['exp not a number', () => signedAs(claimsJson({ exp: String(now() + 3600) }))],
    ['a payload that is a JSON array', () => signedAs(JSON.stringify([claimsJson({})]))],
    ['a payload that is not JSON', () => signedAs('not json')],
    [
      'a header that is not a JSON object',
      async () => `WyJSUzI1NiJd.${(await signedAs(claimsJson({}))).split('.').slice(1).join('.')}`,
    ],
    [
      'no signature',
      async () => `${(await signedAs(claimsJson({}))).split('.').slice(0, 2).join('.')}.`,
    ],
    ['base64 padding in the signature', async () => `${await signedAs(claimsJson({}))}=`],
  ];

  it.each(refusedAsJsonWebTokenDid)('refuses, as jsonwebtoken did: %s', async (_name, make) => {
    await expect(verifier.verifyAccessToken(await make())).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  it('accepts what jsonwebtoken accepted: nbf within the clock tolerance, typ JWT', async () => {
    const token = await signedAs(claimsJson({ nbf: now() + CLOCK_TOLERANCE_SECONDS - 1 }), {
      typ: 'JWT',
    });
    await expect(verifier.verifyAccessToken(token)).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('refuses a token whose typ JWT payload is not JSON without fetching the JWKS', async () => {
    const before = fetches();
    const token = await signedAs('not json', { typ: 'JWT', kid: 'never-seen' });
    await expect(freshVerifier().verifyAccessToken(token)).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
    expect(fetches()).toBe(before);
  });

  it('accepts cognito:groups as a list of names', async () => {
    const claims = await verifier.verifyAccessToken(
      await sign({ ...accessClaims(), 'cognito:groups': ['admins'] }),
    );
    expect(claims['cognito:groups']).toEqual(['admins']);
  });

  it('checks a refreshed ID token against its own access token when it carries at_hash', async () => {
    const token = await sign(idClaims());
    await expect(
      verifier.verifyRefreshedIdToken(token, { sub: 'user-1', accessToken: ACCESS_TOKEN }),
    ).resolves.toMatchObject({ sub: 'user-1' });
    await expect(
      verifier.verifyRefreshedIdToken(token, { sub: 'user-1', accessToken: 'another.one.x' }),
    ).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('answers a token verified before from its cache, and refuses it the instant it expires', async () => {
    const exp = now() + 60;
    const token = await sign(accessClaims(), { exp });
    // Kept from its second verification: cached now.
    for (let i = 0; i < 2; i++)
      await expect(verifier.verifyAccessToken(token)).resolves.toMatchObject({ exp });
    const refusedFrom = (exp + CLOCK_TOLERANCE_SECONDS) * 1000;
    const clock = jest.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(refusedFrom - 1);
      await expect(verifier.verifyAccessToken(token)).resolves.toMatchObject({ exp });
      clock.mockReturnValue(refusedFrom);
      await expect(verifier.verifyAccessToken(token)).rejects.toBeInstanceOf(InvalidTokenError);
    } finally {
      clock.mockRestore();
    }
  });

  it('keeps the use checks for a cached token: an access token is never taken as an ID token', async () => {
    const token = await sign(accessClaims());
    await verifier.verifyAccessToken(token);
    await expect(verifier.verifyIdToken(token, EXPECTED)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refetches the JWKS at most once for a burst of unknown kids, and still verifies', async () => {
    const before = fetches();
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sign(accessClaims(), { kid: `unknown-${i}` })),
    );
    const results = await Promise.allSettled(burst.map((t) => verifier.verifyAccessToken(t)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(fetches() - before).toBeLessThanOrEqual(1);
    await expect(verifier.verifyAccessToken(await sign(accessClaims()))).resolves.toBeDefined();
  });
});
