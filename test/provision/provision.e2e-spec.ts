import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { main } from '../../src/provision/cli';
import { Browser } from '../support/browser';
import { text } from '../support/html';
import { TestStack } from '../support/test-stack';

/**
 * `npm run provision` against the local Cognito's Cognito API, through the command's own entry
 * point (argument parsing, the real SDK client, the output), then Photos started with what it
 * printed, signing a person in through the new pool's hosted page.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command's main() as `npm run provision -- …` would, capturing what it writes. */
async function provision(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

function parseSettings(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)];
      }),
  );
}

const PREFIX = 'photos-e2e';
const NEW_PASSWORD = 'Chosen-at-first-sign-in-42';

describe('npm run provision against the local Cognito', () => {
  let stack: TestStack;
  let endpoint: string;
  let sdk: CognitoIdentityProviderClient;
  let settings: Record<string, string>;
  let temporaryPassword: string;

  beforeAll(async () => {
    // The app's database and a local Cognito; the app itself starts on the printed settings.
    stack = await TestStack.start({ startApp: false, users: [] });
    endpoint = stack.idp.origin;
    sdk = new CognitoIdentityProviderClient({
      endpoint,
      region: 'us-local-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    sdk?.destroy();
    await stack?.close();
  });

  const poolsNamed = async (name: string) =>
    ((await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).filter(
      (pool) => pool.Name === name,
    );

  it('plans on a dry run and creates nothing', async () => {
    const run = await provision(
      '--endpoint',
      endpoint,
      '--base-url',
      stack.baseUrl,
      '--domain-prefix',
      PREFIX,
      '--dry-run',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`would create user pool photos-${PREFIX}`);
    expect(run.stderr).toContain('Dry run: nothing was changed.');
    expect(await poolsNamed(`photos-${PREFIX}`)).toEqual([]);
  });

  it('creates the pool, the client, the domain and a first user, and prints the settings', async () => {
    const run = await provision(
      '--endpoint',
      endpoint,
      '--base-url',
      stack.baseUrl,
      '--domain-prefix',
      PREFIX,
      '--user',
      'alice',
      '--email',
      'alice@example.com',
    );
    expect(run.stderr).not.toMatch(/^provision:/m);
    expect(run.code).toBe(0);
    settings = parseSettings(run.stdout);
    expect(Object.keys(settings)).toEqual([
      'COGNITO_DOMAIN',
      'COGNITO_REGION',
      'COGNITO_USER_POOL_ID',
      'COGNITO_CLIENT_ID',
      'COGNITO_CLIENT_SECRET',
      'COGNITO_ISSUER',
    ]);
    expect(settings.COGNITO_DOMAIN).toBe(endpoint);
    expect(settings.COGNITO_ISSUER).toBe(`${endpoint}/${settings.COGNITO_USER_POOL_ID}`);
    expect(settings.COGNITO_USER_POOL_ID.startsWith(`${settings.COGNITO_REGION}_`)).toBe(true);
    const password = /Temporary password for alice[^:]*: (\S+)/.exec(run.stderr);
    expect(password).not.toBeNull();
    temporaryPassword = password![1];
    // The secret and the password appear once each, where they belong.
    expect(run.stderr).not.toContain(settings.COGNITO_CLIENT_SECRET);
    expect(run.stdout).not.toContain(temporaryPassword);

    const [pool] = await poolsNamed(`photos-${PREFIX}`);
    expect(pool.Id).toBe(settings.COGNITO_USER_POOL_ID);
    const { UserPool } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
    expect(UserPool).toMatchObject({ DeletionProtection: 'ACTIVE', Domain: PREFIX });
    const { UserPoolClient } = await sdk.send(
      new DescribeUserPoolClientCommand({
        UserPoolId: pool.Id,
        ClientId: settings.COGNITO_CLIENT_ID,
      }),
    );
    expect(UserPoolClient).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [`${stack.baseUrl}/callback`],
      LogoutURLs: [`${stack.baseUrl}/`],
      ClientSecret: settings.COGNITO_CLIENT_SECRET,
    });
  });

  it('gives Photos settings on which the new user signs in through the hosted page', async () => {
    Object.assign(stack.env, settings);
    await stack.startInstance(stack.port);
    const browser = new Browser();
    const newPasswordPage = await browser.signIn(stack.baseUrl, 'alice', temporaryPassword);
    // The pool's own page, asking the first-time user for a password of their own.
    expect(newPasswordPage.url.startsWith(endpoint)).toBe(true);
    expect(text(newPasswordPage.body)).toContain('new password');
    const landed = await browser.submit(newPasswordPage, /./, { new_password: NEW_PASSWORD });
    expect(landed.url).toBe(`${stack.baseUrl}/myphotos`);
    expect(text(landed.body)).toContain('Signed in as alice');
  });

  it('changes nothing on a second run with the same arguments, and says so', async () => {
    const run = await provision(
      '--endpoint',
      endpoint,
      '--base-url',
      stack.baseUrl,
      '--domain-prefix',
      PREFIX,
      '--user',
      'alice',
      '--email',
      'alice@example.com',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('No changes: Cognito already holds this deployment.');
    expect(run.stderr).not.toContain('Temporary password');
    expect(parseSettings(run.stdout)).toEqual(settings);
    expect(await poolsNamed(`photos-${PREFIX}`)).toHaveLength(1);
    const clients = await sdk.send(
      new ListUserPoolClientsCommand({ UserPoolId: settings.COGNITO_USER_POOL_ID }),
    );
    expect(clients.UserPoolClients).toHaveLength(1);
  });

  it('moves the callback URL when the base URL changes: the old one is refused at /oauth2/authorize', async () => {
    const movedBaseUrl = `http://localhost:${await findFreePort()}`;
    const envFile = join(await mkdtemp(join(tmpdir(), 'provision-')), '.env');
    await writeFile(envFile, 'SESSION_SECRET=kept\nCOGNITO_CLIENT_SECRET=stale\n', { mode: 0o644 });
    const run = await provision(
      '--endpoint',
      endpoint,
      '--base-url',
      movedBaseUrl,
      '--domain-prefix',
      PREFIX,
      '--write-env',
      envFile,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `update app client photos-web: callback URLs [${stack.baseUrl}/callback] -> [${movedBaseUrl}/callback]`,
    );
    expect(run.stdout).toBe('');
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    const written = await readFile(envFile, 'utf8');
    expect(written).toContain('SESSION_SECRET=kept\n');
    expect(written).toContain(`COGNITO_CLIENT_SECRET=${settings.COGNITO_CLIENT_SECRET}\n`);

    const authorize = (redirectUri: string) =>
      new Browser().get(
        `${endpoint}/oauth2/authorize?${new URLSearchParams({
          response_type: 'code',
          client_id: settings.COGNITO_CLIENT_ID,
          redirect_uri: redirectUri,
          scope: 'openid',
          state: 'state-1234567890',
        }).toString()}`,
        { follow: false },
      );
    const old = await authorize(`${stack.baseUrl}/callback`);
    const refused = new URL(old.headers.get('location') ?? '', endpoint);
    expect(refused.origin).toBe(endpoint);
    expect(refused.pathname).toBe('/error');
    expect(refused.searchParams.get('error')).toBe('redirect_mismatch');
    const moved = await authorize(`${movedBaseUrl}/callback`);
    expect(new URL(moved.headers.get('location')!, endpoint).pathname).toBe('/login');
  });

  it('refuses a domain prefix another pool holds, in one line, and creates nothing', async () => {
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'someone-else' }));
    await sdk.send(
      new CreateUserPoolDomainCommand({ UserPoolId: UserPool!.Id, Domain: 'photos-taken' }),
    );
    const run = await provision(
      '--endpoint',
      endpoint,
      '--base-url',
      stack.baseUrl,
      '--domain-prefix',
      'photos-taken',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      `provision: PlanConflictError: the domain prefix photos-taken belongs to another user pool (${UserPool!.Id})`,
    ]);
    expect(await poolsNamed('photos-photos-taken')).toEqual([]);

    const bad = await provision('--base-url', 'not a url', '--domain-prefix', 'Bad_Prefix');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base-url must be a URL');
    expect(bad.stderr).toContain('--domain-prefix must be 1-63 lower-case letters');
  });
});
