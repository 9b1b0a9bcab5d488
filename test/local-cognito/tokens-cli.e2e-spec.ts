import { runLocalCognitoCli } from '../../src/local-cognito/cli';
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

  it('asks for a password it cannot find, and shows its usage for bad arguments', async () => {
    const noTerminal = await run(['tokens', 'someone-else']);
    expect(noTerminal).toMatchObject({ code: 2, out: '' });
    expect(noTerminal.err).toContain('No password for someone-else');
    const bad = await run(['tokens']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Usage: local-cognito tokens USERNAME');
  });
});
