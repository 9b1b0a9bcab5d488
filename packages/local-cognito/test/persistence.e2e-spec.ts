import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { Jwks } from 'aws-jwt-verify/jwk';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose';
import { banner, runLocalCognitoCli } from '../src/cli';
import { loadLocalCognitoConfig } from '../src/local-cognito.config';
import { startLocalCognito } from '../src/local-cognito.server';
import { Browser } from './support/browser';
import {
  authorizeUrl,
  csrfFieldOf,
  formActionOf,
  postToken,
  signInForTokens,
} from './support/hosted-ui';
import { CALLBACK_URL, CLIENT_ID, TestIdp, addressOf } from './support/test-idp';

interface StoredKey {
  kid: string;
  alg: string;
  use: string;
  token_use: string;
  kty: string;
  d?: string;
}

/** State under DATA_DIR/local-cognito: users, signing keys, refresh tokens; restarts and rotation. */
describe('local Cognito state, restarts and key rotation', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start();
  });

  afterAll(async () => {
    await idp.close();
  });

  async function storedKeys(): Promise<StoredKey[]> {
    return (
      JSON.parse(await readFile(join(idp.stateDir, 'signing-keys.json'), 'utf8')) as {
        keys: StoredKey[];
      }
    ).keys;
  }

  async function fetchJwks(): Promise<JSONWebKeySet> {
    return (await (await fetch(`${idp.issuer}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  }

  async function publishedKids(): Promise<string[]> {
    return (await fetchJwks()).keys.map((key) => key.kid!);
  }

  const cliEnv = () => ({ DATA_DIR: idp.dataDir });

  async function signUp(username: string, password: string): Promise<string> {
    const browser = new Browser({ follow: false });
    const attempt = authorizeUrl(idp);
    const page = await browser.get(idp.url(`/signup${new URL(attempt.url).search}`));
    const html = page.body;
    const response = await browser.postForm(idp.url(formActionOf(html)), {
      _csrf: csrfFieldOf(html),
      username,
      email: `${username}@example.com`,
      nickname: username,
      password,
    });
    expect(response.status).toBe(302);
    return username;
  }

  it('keeps private signing keys as a JWK set: one per token use, tagged with token_use, owner-only', async () => {
    const keys = await storedKeys();
    expect(keys.map((key) => key.token_use).sort()).toEqual(['access', 'id']);
    for (const key of keys) {
      expect(key).toMatchObject({ alg: 'RS256', use: 'sig', kty: 'RSA' });
      expect(key.d).toEqual(expect.any(String));
    }
    expect((await publishedKids()).sort()).toEqual(keys.map((key) => key.kid).sort());
    expect((await stat(join(idp.stateDir, 'signing-keys.json'))).mode & 0o077).toBe(0);
  });

  it('stores scrypt password hashes, never the passwords', async () => {
    await signUp('hashcheck', 'hash-check-password');
    const file = await readFile(join(idp.stateDir, 'users.json'), 'utf8');
    expect(file).not.toContain('hash-check-password');
    expect(file).not.toContain('demo-password');
    const { users } = JSON.parse(file) as {
      users: Array<{ username: string; passwordHash: string }>;
    };
    const hashes = users.map((user) => user.passwordHash);
    expect(hashes.every((hash) => /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{86}$/.test(hash))).toBe(
      true,
    );
    expect(new Set(hashes.map((hash) => hash.split('$')[4])).size).toBe(hashes.length);
  });

  it('keeps users, subs, keys and refresh tokens across a restart', async () => {
    await signUp('survivor', 'survivor-password');
    const before = await signInForTokens(idp, {
      credentials: { username: 'survivor', password: 'survivor-password', email: '', nickname: '' },
    });
    const demoBefore = await signInForTokens(idp);
    const kidsBefore = await publishedKids();

    await idp.restart();

    expect(await publishedKids()).toEqual(kidsBefore);
    const after = await signInForTokens(idp, {
      credentials: { username: 'survivor', password: 'survivor-password', email: '', nickname: '' },
    });
    expect(decodeJwt(after.tokens.id_token!).sub).toBe(decodeJwt(before.tokens.id_token!).sub);
    const demoAfter = await signInForTokens(idp);
    expect(decodeJwt(demoAfter.tokens.id_token!).sub).toBe(
      decodeJwt(demoBefore.tokens.id_token!).sub,
    );
    const refreshed = await postToken(idp, {
      grant_type: 'refresh_token',
      refresh_token: before.tokens.refresh_token!,
    });
    expect(refreshed.status).toBe(200);
  });

  it('rotate-keys: new tokens use the new kids, old kids stay published; remove-old-keys drops them', async () => {
    const oldTokens = (await signInForTokens(idp)).tokens;
    const oldKids = (await storedKeys()).map((key) => key.kid);
    const lines: string[] = [];
    expect(await runLocalCognitoCli(['rotate-keys'], cliEnv(), (line) => lines.push(line))).toBe(0);
    const rotated = await storedKeys();
    expect(rotated).toHaveLength(4);
    const newKids = rotated.slice(2).map((key) => key.kid);
    expect(lines.join('\n')).toContain(newKids[0]);
    await idp.restart();

    expect((await publishedKids()).sort()).toEqual([...oldKids, ...newKids].sort());
    const { tokens } = await signInForTokens(idp);
    expect(newKids).toContain(decodeProtectedHeader(tokens.access_token).kid);
    expect(newKids).toContain(decodeProtectedHeader(tokens.id_token!).kid);
    expect(decodeProtectedHeader(tokens.access_token).kid).not.toBe(
      decodeProtectedHeader(tokens.id_token!).kid,
    );

    const jwks = await fetchJwks();
    const verifier = JwtVerifier.create({
      issuer: idp.issuer,
      audience: null,
      jwksUri: `${idp.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) =>
        validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: CLIENT_ID }),
    });
    verifier.cacheJwks(jwks as unknown as Jwks);
    await expect(verifier.verify(tokens.access_token)).resolves.toMatchObject({
      token_use: 'access',
    });
    // A token signed before the rotation still verifies against the published keys (its iss names
    // the port before the restart, so only the signature is checked here).
    const published = createLocalJWKSet(jwks);
    await expect(jwtVerify(oldTokens.access_token, published)).resolves.toBeDefined();
    await expect(jwtVerify(oldTokens.id_token!, published)).resolves.toBeDefined();

    expect(await runLocalCognitoCli(['remove-old-keys'], cliEnv(), () => undefined)).toBe(0);
    await idp.restart();
    expect((await publishedKids()).sort()).toEqual([...newKids].sort());
    const prunedJwks = createLocalJWKSet(await fetchJwks());
    await expect(jwtVerify(oldTokens.access_token, prunedJwks)).rejects.toThrow();
  });

  it('the CLI refuses unknown commands', async () => {
    const lines: string[] = [];
    expect(await runLocalCognitoCli(['rotate'], cliEnv(), (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toMatch(/^Usage:/);
  });
});

describe('local Cognito started from the environment', () => {
  it('honours LOCAL_COGNITO_TOKEN_TTL (exp - iat, expires_in) and prints a banner with how to sign in', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dataDir = await mkdtemp(join(tmpdir(), 'local-cognito-env-'));
    const config = loadLocalCognitoConfig({
      LOCAL_COGNITO_PORT: '0',
      LOCAL_COGNITO_TOKEN_TTL: '5',
      LOCAL_COGNITO_REFRESH_TTL: '60',
      BASE_URL: 'http://localhost:3000',
      DATA_DIR: dataDir,
    });
    const running = await startLocalCognito(config);
    try {
      expect(running.config.port).toBeGreaterThan(0);
      expect(running.origin).toBe(`http://localhost:${running.config.port}`);
      const { tokens } = await signInForTokens(addressOf(running));
      expect(tokens.expires_in).toBe(5);
      for (const token of [tokens.access_token, tokens.id_token!]) {
        const { exp, iat } = decodeJwt(token);
        expect(exp! - iat!).toBe(5);
      }
      expect(decodeJwt(tokens.access_token).iss).toBe(`${running.origin}/us-local-1_Photos`);

      const text = banner(running).join('\n');
      for (const expected of [
        running.origin,
        `${running.issuer}/.well-known/openid-configuration`,
        'photos-local',
        'photos-local-secret',
        CALLBACK_URL,
        'http://localhost:3000/',
        'demo / demo-password',
        `${running.origin}/signup?`,
      ]) {
        expect(text).toContain(expected);
      }
    } finally {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
