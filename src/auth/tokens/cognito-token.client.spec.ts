import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoConfig } from '../../config/config-slices';
import { CognitoTokenClient, CognitoTokenError } from './cognito-token.client';

interface Seen {
  path: string;
  authorization?: string;
  body: URLSearchParams;
}

/** A token endpoint on loopback that records each request and answers with `reply`. */
async function tokenEndpoint(reply: { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      seen.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: new URLSearchParams(raw),
      });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { seen, origin, close };
}

const clientFor = (domain: string) =>
  new CognitoTokenClient({
    domain,
    issuer: `${domain}/pool`,
    jwksUri: `${domain}/pool/.well-known/jwks.json`,
    clientId: 'photos-client',
    clientSecret: 's3cret:+/=',
    scopes: ['openid'],
  } satisfies CognitoConfig);

describe('CognitoTokenClient', () => {
  it('exchanges a code with HTTP Basic client authentication and the PKCE verifier', async () => {
    const endpoint = await tokenEndpoint({
      status: 200,
      body: { id_token: 'id', access_token: 'access', refresh_token: 'refresh', expires_in: 60 },
    });
    try {
      const tokens = await clientFor(endpoint.origin).exchangeCode(
        'the-code',
        'https://photos.example/callback',
        'the-verifier',
      );
      expect(tokens).toEqual({ idToken: 'id', accessToken: 'access', refreshToken: 'refresh' });
      const [request] = endpoint.seen;
      expect(request.path).toBe('/oauth2/token');
      // RFC 6749 §2.3.1: both parts form-urlencoded, then Basic; the secret never in the body.
      expect(request.authorization).toBe(
        `Basic ${Buffer.from('photos-client:s3cret%3A%2B%2F%3D').toString('base64')}`,
      );
      expect(Object.fromEntries(request.body)).toEqual({
        grant_type: 'authorization_code',
        code: 'the-code',
        redirect_uri: 'https://photos.example/callback',
        code_verifier: 'the-verifier',
      });
    } finally {
      await endpoint.close();
    }
  });

  it("reports Cognito's refusal as a rejected grant with its OAuth error code", async () => {
    const endpoint = await tokenEndpoint({ status: 400, body: { error: 'invalid_grant' } });
    try {
      const failure = await clientFor(endpoint.origin)
        .exchangeCode('used-code', 'https://photos.example/callback', 'v')
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CognitoTokenError);
      expect(failure).toMatchObject({ code: 'invalid_grant', httpStatus: 400, rejected: true });
    } finally {
      await endpoint.close();
    }
  });

  it('reports an unreachable or failing Cognito as worth retrying', async () => {
    const endpoint = await tokenEndpoint({ status: 503, body: {} });
    const origin = endpoint.origin;
    try {
      const failing = await clientFor(origin)
        .refresh('r')
        .catch((error: unknown) => error);
      expect(failing).toMatchObject({ code: 'http_503', rejected: false });
    } finally {
      await endpoint.close();
    }
    const unreachable = await clientFor(origin)
      .refresh('r')
      .catch((error: unknown) => error);
    expect(unreachable).toMatchObject({ code: 'unavailable', rejected: false });
  });

  it('refuses a token response without both tokens', async () => {
    const endpoint = await tokenEndpoint({ status: 200, body: { access_token: 'only' } });
    try {
      await expect(clientFor(endpoint.origin).refresh('r')).rejects.toMatchObject({
        code: 'incomplete_response',
      });
    } finally {
      await endpoint.close();
    }
  });
});
