import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalCognitoCli } from '../../packages/local-cognito/src/cli';
import { startLocalCognito } from '../../packages/local-cognito/src/local-cognito.server';
import { runningRecordPath } from '../../packages/local-cognito/src/running-record';
import { DEMO, TestStack } from '../support/test-stack';

/** `npm run local-cognito -- tokens USER`: tokens for scripts, got over HTTP like any API client. */
describe('local-cognito tokens', () => {
  let stack: TestStack;
  let cliEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stack = await TestStack.start();
    const { config } = stack.idp;
    // The environment the running local Cognito was configured with, as a terminal would have it.
    cliEnv = {
      LOCAL_COGNITO_PORT: new URL(stack.idp.origin).port,
      LOCAL_COGNITO_CLIENT_ID: config.clientId,
      LOCAL_COGNITO_CLIENT_SECRET: config.clientSecret,
      LOCAL_COGNITO_API_CLIENT_ID: config.apiClient!.clientId,
      LOCAL_COGNITO_API_CALLBACK_URLS: config.apiClient!.callbackUrls.join(','),
      LOCAL_COGNITO_CALLBACK_URLS: config.callbackUrls.join(','),
      LOCAL_COGNITO_USERS: `${DEMO.username}:${DEMO.password}:${DEMO.email}:${DEMO.nickname}`,
      DATA_DIR: stack.dataDir,
    };
  });
  afterAll(() => stack?.close());

  async function run(args: string[], env: NodeJS.ProcessEnv = cliEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLocalCognitoCli(
      args,
      env,
      (line) => out.push(line),
      (line) => err.push(line),
      // No terminal to ask on, even when jest runs in one.
      () => Promise.resolve(undefined),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  const photosWith = (token: string) =>
    fetch(`${stack.baseUrl}/api/photos`, { headers: { authorization: `Bearer ${token}` } });

  it('prints only an access token that the API accepts', async () => {
    const result = await run(['tokens', 'demo', '--password', DEMO.password]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const response = await photosWith(result.out);
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('uses a seeded user’s own password when none is given, and prints every token with --json', async () => {
    const result = await run(['tokens', 'demo', '--json']);
    expect(result.code).toBe(0);
    const tokens = JSON.parse(result.out) as Record<string, string>;
    expect(tokens).toEqual(
      expect.objectContaining({
        access_token: expect.any(String),
        id_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
      }),
    );
    const claims = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString(),
    ) as Record<string, string>;
    // Issued to the public API client through the code flow, not minted from the key store.
    expect(claims).toMatchObject({ client_id: 'photos-test-api', username: 'demo' });
    expect((await photosWith(tokens.access_token)).status).toBe(200);
  });

  it('refuses a wrong password with the hosted UI’s message, a non-zero exit and nothing on stdout', async () => {
    const result = await run(['tokens', 'demo', '--password', 'not-the-password']);
    expect(result.code).not.toBe(0);
    expect(result.out).toBe('');
    expect(result.err).toBe('Sign-in refused (400): Incorrect username or password.');
  });

  it('says where it looked when no local Cognito is running', async () => {
    const result = await run(['tokens', 'demo'], { ...cliEnv, LOCAL_COGNITO_PORT: '1' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('No local Cognito answers at http://localhost:1');
  });

  describe('on other ports than the defaults', () => {
    // What a second terminal has after `PORT=… LOCAL_COGNITO_PORT=… npm start` in the first:
    // none of those variables, the same project folder (DATA_DIR).
    const sameFolderOnly = () => ({ DATA_DIR: stack.dataDir });
    const idpPort = () => new URL(stack.idp.origin).port;

    it('finds the local Cognito running for its DATA_DIR, on whatever ports it was started', async () => {
      const result = await run(['tokens', 'demo', '--password', DEMO.password], sameFolderOnly());
      expect(result).toMatchObject({ code: 0, err: '' });
      expect((await photosWith(result.out)).status).toBe(200);
    });

    it('honours LOCAL_COGNITO_PORT with PORT, or with BASE_URL, as given', async () => {
      const elsewhere = await mkdtemp(join(tmpdir(), 'tokens-cli-'));
      try {
        const named = {
          DATA_DIR: elsewhere, // nothing recorded there: the variables alone say where
          LOCAL_COGNITO_PORT: idpPort(),
          LOCAL_COGNITO_API_CLIENT_ID: 'photos-test-api',
        };
        for (const app of [{ PORT: String(stack.port) }, { BASE_URL: stack.baseUrl }]) {
          const result = await run(['tokens', 'demo', '--password', DEMO.password], {
            ...named,
            ...app,
          });
          expect(result).toMatchObject({ code: 0, err: '' });
          expect((await photosWith(result.out)).status).toBe(200);
        }
      } finally {
        await rm(elsewhere, { recursive: true, force: true });
      }
    });

    it('takes PORT as said over what is recorded, and names it when it is not the app’s', async () => {
      const result = await run(['tokens', 'demo', '--password', DEMO.password], {
        ...sameFolderOnly(),
        PORT: '1',
      });
      expect(result).toMatchObject({ code: 1, out: '' });
      expect(result.err).toContain('The redirect URI is not registered for this app client.');
      expect(result.err).toContain('callback http://localhost:1/api/docs/oauth2-redirect.html');
      expect(result.err).toContain('PORT or BASE_URL');
    });

    it('ignores the record of another local Cognito than LOCAL_COGNITO_PORT names', async () => {
      const result = await run(['tokens', 'demo'], {
        ...sameFolderOnly(),
        LOCAL_COGNITO_PORT: '1',
      });
      expect(result.code).toBe(1);
      expect(result.err).toContain('No local Cognito answers at http://localhost:1');
      expect(result.err).toContain('LOCAL_COGNITO_PORT');
    });

    it('keeps the record only while the local Cognito runs', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'tokens-cli-'));
      const running = await startLocalCognito({ ...stack.idp.config, port: 0, dataDir });
      try {
        const record = JSON.parse(await readFile(runningRecordPath(dataDir), 'utf8')) as object;
        expect(record).toEqual({
          pid: process.pid,
          origin: running.origin,
          apiClient: {
            clientId: 'photos-test-api',
            callbackUrl: `${stack.baseUrl}/api/docs/oauth2-redirect.html`,
          },
        });
        await running.close();
        await expect(readFile(runningRecordPath(dataDir))).rejects.toThrow(/ENOENT/);
      } finally {
        await running.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });

  it('asks for a password it cannot find, and shows its usage for bad arguments', async () => {
    const noTerminal = await run(['tokens', 'someone-else']);
    expect(noTerminal).toMatchObject({ code: 2, out: '' });
    expect(noTerminal.err).toContain('No password for someone-else');
    const bad = await run(['tokens']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Usage: local-cognito tokens USERNAME');
  });
});
