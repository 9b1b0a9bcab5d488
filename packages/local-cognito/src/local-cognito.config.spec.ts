import { resolve } from 'node:path';
import { ConfigError } from './support/config-error';
import {
  assertValidLocalCognitoConfig,
  loadLocalCognitoConfig,
  type LocalCognitoConfig,
} from './local-cognito.config';

function problemsFor(env: NodeJS.ProcessEnv): string[] {
  try {
    loadLocalCognitoConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadLocalCognitoConfig', () => {
  it('has working defaults with an empty environment', () => {
    expect(loadLocalCognitoConfig({})).toEqual({
      port: 9400,
      userPoolId: 'us-local-1_Photos',
      clientId: 'photos-local',
      clientSecret: 'photos-local-secret',
      callbackUrls: ['http://localhost:3000/callback'],
      logoutUrls: ['http://localhost:3000/'],
      users: [
        {
          username: 'demo',
          password: 'demo-password',
          email: 'demo@example.com',
          nickname: 'Demo',
          groups: [],
        },
      ],
      tokenTtlSeconds: 3600,
      refreshTtlSeconds: 2592000,
      dataDir: resolve('./data'),
      apiClient: {
        clientId: 'photos-local-api',
        callbackUrls: ['http://localhost:3000/api/docs/oauth2-redirect.html'],
      },
    });
  });

  it('derives the default callback and sign-out URLs from PORT, or from BASE_URL (without its trailing slash)', () => {
    expect(loadLocalCognitoConfig({ PORT: '8080' })).toMatchObject({
      callbackUrls: ['http://localhost:8080/callback'],
      logoutUrls: ['http://localhost:8080/'],
    });
    expect(
      loadLocalCognitoConfig({ PORT: '8080', BASE_URL: 'https://photos.example.com/' }),
    ).toMatchObject({
      callbackUrls: ['https://photos.example.com/callback'],
      logoutUrls: ['https://photos.example.com/'],
    });
  });

  it('reads every variable', () => {
    const config = loadLocalCognitoConfig({
      LOCAL_COGNITO_PORT: '0',
      LOCAL_COGNITO_USER_POOL_ID: 'eu-west-1_Abc123',
      LOCAL_COGNITO_CLIENT_ID: 'abc123',
      LOCAL_COGNITO_CLIENT_SECRET: 's3cret',
      LOCAL_COGNITO_CALLBACK_URLS:
        'http://localhost:3000/callback, https://app.example.com/cb,myapp://cb',
      LOCAL_COGNITO_LOGOUT_URLS: 'http://localhost:3000/',
      LOCAL_COGNITO_USERS:
        'ann:ann-password:ann@example.com:Ann:admins|editors,bob:bob-password:bob@example.com:Bob',
      LOCAL_COGNITO_TOKEN_TTL: '5',
      LOCAL_COGNITO_REFRESH_TTL: '60',
      LOCAL_COGNITO_API_CLIENT_ID: 'abc123-api',
      LOCAL_COGNITO_API_CALLBACK_URLS: 'http://localhost:3000/api/docs/oauth2-redirect.html',
      DATA_DIR: '/tmp/photos-data',
    });
    expect(config).toEqual({
      port: 0,
      userPoolId: 'eu-west-1_Abc123',
      clientId: 'abc123',
      clientSecret: 's3cret',
      callbackUrls: ['http://localhost:3000/callback', 'https://app.example.com/cb', 'myapp://cb'],
      logoutUrls: ['http://localhost:3000/'],
      users: [
        {
          username: 'ann',
          password: 'ann-password',
          email: 'ann@example.com',
          nickname: 'Ann',
          groups: ['admins', 'editors'],
        },
        {
          username: 'bob',
          password: 'bob-password',
          email: 'bob@example.com',
          nickname: 'Bob',
          groups: [],
        },
      ],
      tokenTtlSeconds: 5,
      refreshTtlSeconds: 60,
      dataDir: '/tmp/photos-data',
      apiClient: {
        clientId: 'abc123-api',
        callbackUrls: ['http://localhost:3000/api/docs/oauth2-redirect.html'],
      },
    });
  });

  it("derives the API client's callback (Swagger UI's redirect page) and refuses the web client's id for it", () => {
    expect(loadLocalCognitoConfig({ BASE_URL: 'https://photos.example.com' }).apiClient).toEqual({
      clientId: 'photos-local-api',
      callbackUrls: ['https://photos.example.com/api/docs/oauth2-redirect.html'],
    });
    expect(problemsFor({ LOCAL_COGNITO_API_CLIENT_ID: 'photos-local' })).toEqual([
      'LOCAL_COGNITO_API_CLIENT_ID: must differ from LOCAL_COGNITO_CLIENT_ID',
    ]);
  });

  it('treats empty variables as unset', () => {
    expect(loadLocalCognitoConfig({ LOCAL_COGNITO_PORT: '', LOCAL_COGNITO_USERS: ' ' }).port).toBe(
      9400,
    );
  });

  it.each([
    ['LOCAL_COGNITO_PORT', 'abc'],
    ['LOCAL_COGNITO_PORT', '70000'],
    ['LOCAL_COGNITO_PORT', '-1'],
    ['LOCAL_COGNITO_USER_POOL_ID', 'local_Photos'],
    ['LOCAL_COGNITO_USER_POOL_ID', 'us-local-1_Pho-tos'],
    ['LOCAL_COGNITO_CLIENT_ID', 'has space'],
    ['LOCAL_COGNITO_CALLBACK_URLS', 'not a url'],
    ['LOCAL_COGNITO_CALLBACK_URLS', 'http://example.com/callback'],
    ['LOCAL_COGNITO_CALLBACK_URLS', 'http://localhost:3000/callback#frag'],
    ['LOCAL_COGNITO_CALLBACK_URLS', 'javascript:alert(1)'],
    ['LOCAL_COGNITO_CALLBACK_URLS', ' , '],
    ['LOCAL_COGNITO_LOGOUT_URLS', 'http://photos.example.com/'],
    ['LOCAL_COGNITO_USERS', 'demo:demo-password:demo@example.com'],
    ['LOCAL_COGNITO_USERS', 'demo:short:demo@example.com:Demo'],
    ['LOCAL_COGNITO_USERS', 'demo:demo-password:not-an-email:Demo'],
    ['LOCAL_COGNITO_USERS', 'de mo:demo-password:demo@example.com:Demo'],
    ['LOCAL_COGNITO_USERS', 'demo:demo-password:demo@example.com:Demo:bad group'],
    [
      'LOCAL_COGNITO_USERS',
      'demo:demo-password:a@example.com:A,DEMO:demo-password:b@example.com:B',
    ],
    ['LOCAL_COGNITO_TOKEN_TTL', '0'],
    ['LOCAL_COGNITO_TOKEN_TTL', '1.5'],
    ['LOCAL_COGNITO_TOKEN_TTL', '86401'],
    ['LOCAL_COGNITO_REFRESH_TTL', 'forever'],
    ['BASE_URL', 'ftp://photos.example.com'],
    ['PORT', 'http'],
  ])('names %s when it is %j', (name, value) => {
    const problems = problemsFor({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('names each bad variable at once, in one error', () => {
    const env = {
      LOCAL_COGNITO_PORT: 'x',
      LOCAL_COGNITO_USER_POOL_ID: 'bad',
      LOCAL_COGNITO_TOKEN_TTL: '0',
    };
    expect(() => loadLocalCognitoConfig(env)).toThrow(ConfigError);
    const problems = problemsFor(env);
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'LOCAL_COGNITO_PORT',
      'LOCAL_COGNITO_USER_POOL_ID',
      'LOCAL_COGNITO_TOKEN_TTL',
    ]);
  });

  it('never puts a seed password in its error', () => {
    const problems = problemsFor({ LOCAL_COGNITO_USERS: 'ann:sevenCh:not-an-email:Ann' });
    expect(problems.join('\n')).not.toContain('sevenCh');
    expect(problems.join('\n')).toContain('entry 1 (ann)');
  });

  it('does not look at BASE_URL or PORT when the URLs are given', () => {
    const config = loadLocalCognitoConfig({
      BASE_URL: 'not a url',
      LOCAL_COGNITO_CALLBACK_URLS: 'http://localhost:3000/callback',
      LOCAL_COGNITO_LOGOUT_URLS: 'http://localhost:3000/',
      LOCAL_COGNITO_API_CALLBACK_URLS: 'http://localhost:3000/api/docs/oauth2-redirect.html',
    });
    expect(config.callbackUrls).toEqual(['http://localhost:3000/callback']);
  });
});

describe('assertValidLocalCognitoConfig', () => {
  const valid: LocalCognitoConfig = loadLocalCognitoConfig({});

  it('accepts a valid configuration', () => {
    expect(() => assertValidLocalCognitoConfig(valid)).not.toThrow();
  });

  it('names each bad field of a configuration built in code', () => {
    const bad = { ...valid, port: -1, userPoolId: 'local', callbackUrls: [], tokenTtlSeconds: 0 };
    expect(() => assertValidLocalCognitoConfig(bad)).toThrow(
      /port: .*\n.*userPoolId: .*\n.*callbackUrls: .*\n.*tokenTtlSeconds: /s,
    );
  });
});
