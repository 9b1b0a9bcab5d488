import { ConfigError } from './app-config';
import { checkEnvironment, loadAppConfig, normaliseCognitoDomain } from './load-app-config';

const cognitoEnv = {
  COGNITO_DOMAIN: 'photos.auth.eu-west-1.amazoncognito.com',
  COGNITO_REGION: 'eu-west-1',
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
  COGNITO_CLIENT_ID: 'abcdefghijklmnopqrstuvwxyz',
  COGNITO_CLIENT_SECRET: 'secret',
};

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadAppConfig', () => {
  it('derives the issuer and JWKS of a real user pool', () => {
    const config = loadAppConfig({
      ...cognitoEnv,
      DATABASE_URL: 'postgres://u:p@db/photos',
      SESSION_SECRET: 'x'.repeat(32),
    });
    expect(config.cognito.domain).toBe('https://photos.auth.eu-west-1.amazoncognito.com');
    expect(config.cognito.issuer).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
    );
    expect(config.cognito.jwksUri).toBe(`${config.cognito.issuer}/.well-known/jwks.json`);
    expect(config.cognito.scopes).toEqual(['openid', 'email', 'profile']);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.photos.maxUploadBytes).toBe(20 * 1024 * 1024);
  });

  it('listens on this machine only unless in production, where every interface is the default', () => {
    const base = {
      ...cognitoEnv,
      DATABASE_URL: 'postgres://u:p@db/photos',
      SESSION_SECRET: 'x'.repeat(32),
    };
    expect(loadAppConfig(base).host).toBe('127.0.0.1');
    expect(loadAppConfig({ ...base, NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    const production = { ...base, NODE_ENV: 'production', BASE_URL: 'https://photos.example' };
    expect(loadAppConfig(production).host).toBe('0.0.0.0');
    expect(loadAppConfig({ ...production, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadAppConfig({ ...base, HOST: '::' }).host).toBe('::');
  });

  it('refuses a HOST that is not an IP address, naming the variable', () => {
    for (const HOST of ['localhost', '0.0.0.0:3000', 'photos.example', '999.1.1.1']) {
      const found = problems(() => checkEnvironment({ HOST }));
      expect(found).toEqual([expect.stringMatching(/^HOST: must be an IP address to listen on/)]);
    }
  });

  it('shows less of itself in production: /info minimal and no /api/docs, unless told otherwise', () => {
    const base = {
      ...cognitoEnv,
      DATABASE_URL: 'postgres://u:p@db/photos',
      SESSION_SECRET: 'x'.repeat(32),
    };
    const production = { ...base, NODE_ENV: 'production', BASE_URL: 'https://photos.example' };
    expect(loadAppConfig(production)).toMatchObject({ infoPageDetail: 'minimal', apiDocs: 'off' });
    expect(loadAppConfig(base)).toMatchObject({ infoPageDetail: 'full', apiDocs: 'public' });
    expect(
      loadAppConfig({ ...production, INFO_PAGE_DETAIL: 'full', API_DOCS: 'public' }),
    ).toMatchObject({ infoPageDetail: 'full', apiDocs: 'public' });
    expect(() => loadAppConfig({ ...base, API_DOCS: 'private' })).toThrow(/API_DOCS/);
  });

  it('names every missing setting in production', () => {
    const found = problems(() =>
      loadAppConfig({ NODE_ENV: 'production', BASE_URL: 'http://photos.example' }),
    );
    expect(found.join('\n')).toEqual(expect.stringContaining('SESSION_SECRET'));
    for (const name of [
      'SESSION_SECRET',
      'COGNITO_DOMAIN',
      'DATABASE_URL',
      'BASE_URL: must be https',
    ]) {
      expect(found.some((p) => p.includes(name))).toBe(true);
    }
  });

  it('never falls back to the embedded defaults in production', () => {
    const found = problems(() =>
      loadAppConfig(
        { NODE_ENV: 'production', BASE_URL: 'https://photos.example' },
        { sessionSecret: 'x'.repeat(40), databaseUrl: 'postgres://embedded' },
      ),
    );
    expect(found.some((p) => p.startsWith('DATABASE_URL'))).toBe(true);
    expect(found.some((p) => p.startsWith('SESSION_SECRET'))).toBe(true);
  });

  it('names each malformed variable', () => {
    const found = problems(() =>
      checkEnvironment({
        PORT: 'eighty',
        MAX_UPLOAD_BYTES: '-1',
        PHOTO_STORAGE: 'ftp',
        COGNITO_REGION: 'mars',
      }),
    );
    for (const name of ['PORT', 'MAX_UPLOAD_BYTES', 'PHOTO_STORAGE', 'COGNITO_REGION']) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('requires the client settings with a Cognito domain, and S3 settings with S3 storage', () => {
    const found = problems(() =>
      checkEnvironment({ COGNITO_DOMAIN: 'x.example', PHOTO_STORAGE: 's3' }),
    );
    for (const name of [
      'COGNITO_CLIENT_ID',
      'COGNITO_CLIENT_SECRET',
      'COGNITO_REGION',
      'S3_BUCKET',
      'S3_REGION',
    ]) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('accepts an emulator domain with a scheme', () => {
    expect(normaliseCognitoDomain('http://localhost:9400')).toBe('http://localhost:9400');
    expect(normaliseCognitoDomain('auth.example.com')).toBe('https://auth.example.com');
  });

  it('bounds uploads by default, and reads the bounds from the environment', () => {
    const base = {
      ...cognitoEnv,
      DATABASE_URL: 'postgres://u:p@db/photos',
      DATA_DIR: '/srv/photos',
    };
    const defaults = loadAppConfig({ ...base, SESSION_SECRET: 'x'.repeat(32) });
    expect(defaults.uploadIntake).toEqual({
      stallTimeoutSeconds: 30,
      maxInProgress: 32,
      maxInProgressPerUser: 4,
      spoolDir: '/srv/photos/upload-spool',
      spoolMaxBytes: 4 * 2 ** 30,
      spoolMaxBytesPerUser: undefined, // one upload form's largest body (upload-intake.module)
      spoolMinFreeBytes: 2 ** 30,
      minBytesPerSecond: 8192,
    });
    expect(defaults.imagePipeline.concurrency).toBeGreaterThanOrEqual(1);
    expect(defaults.imagePipeline.queueTimeoutSeconds).toBe(30);
    const set = loadAppConfig({
      ...base,
      SESSION_SECRET: 'x'.repeat(32),
      UPLOAD_STALL_TIMEOUT_SECONDS: '5',
      UPLOADS_MAX_IN_PROGRESS: '8',
      UPLOADS_MAX_IN_PROGRESS_PER_USER: '2',
      UPLOAD_SPOOL_DIR: '/var/spool/photos',
      UPLOAD_SPOOL_MAX_BYTES: '1000000',
      UPLOAD_SPOOL_MAX_BYTES_PER_USER: '300000',
      UPLOAD_SPOOL_MIN_FREE_BYTES: '0',
      UPLOAD_MIN_BYTES_PER_SECOND: '0',
      IMAGE_CONCURRENCY: '3',
      IMAGE_QUEUE_TIMEOUT_SECONDS: '7',
    });
    expect(set.uploadIntake).toEqual({
      stallTimeoutSeconds: 5,
      maxInProgress: 8,
      maxInProgressPerUser: 2,
      spoolDir: '/var/spool/photos',
      spoolMaxBytes: 1_000_000,
      spoolMaxBytesPerUser: 300_000,
      spoolMinFreeBytes: 0,
      minBytesPerSecond: 0,
    });
    expect(set.imagePipeline).toEqual({ concurrency: 3, queueTimeoutSeconds: 7 });
  });

  it('takes MAX_UPLOAD_FILES files per upload form (20 by default), between 1 and 100', () => {
    const base = { ...cognitoEnv, DATABASE_URL: 'postgres://u:p@db/photos' };
    const secret = { SESSION_SECRET: 'x'.repeat(32) };
    expect(loadAppConfig({ ...base, ...secret }).photos.maxUploadFiles).toBe(20);
    expect(loadAppConfig({ ...base, ...secret, MAX_UPLOAD_FILES: '5' }).photos.maxUploadFiles).toBe(
      5,
    );
    for (const bad of ['0', '101', 'many', '2.5']) {
      const found = problems(() => checkEnvironment({ MAX_UPLOAD_FILES: bad }));
      expect(found.some((p) => p.startsWith('MAX_UPLOAD_FILES'))).toBe(true);
    }
  });

  it('keeps GET /api/photos answers PHOTO_LIST_CACHE_SECONDS (5 by default, 0 turns it off, 60 at most)', () => {
    const base = { ...cognitoEnv, DATABASE_URL: 'postgres://u:p@db/photos' };
    const secret = { SESSION_SECRET: 'x'.repeat(32) };
    expect(loadAppConfig({ ...base, ...secret }).photos.listCacheSeconds).toBe(5);
    for (const seconds of [0, 60])
      expect(
        loadAppConfig({ ...base, ...secret, PHOTO_LIST_CACHE_SECONDS: String(seconds) }).photos
          .listCacheSeconds,
      ).toBe(seconds);
    for (const bad of ['-1', '61', 'soon', '2.5']) {
      const found = problems(() => checkEnvironment({ PHOTO_LIST_CACHE_SECONDS: bad }));
      expect(found.some((p) => p.startsWith('PHOTO_LIST_CACHE_SECONDS'))).toBe(true);
    }
  });

  it('asks Cognito again on writes after REVOCATION_CHECK_SECONDS (30 by default, 1 to 60)', () => {
    const base = { ...cognitoEnv, DATABASE_URL: 'postgres://u:p@db/photos' };
    const secret = { SESSION_SECRET: 'x'.repeat(32) };
    expect(loadAppConfig({ ...base, ...secret }).authResilience.revocationCheckSeconds).toBe(30);
    for (const seconds of [1, 60])
      expect(
        loadAppConfig({ ...base, ...secret, REVOCATION_CHECK_SECONDS: String(seconds) })
          .authResilience.revocationCheckSeconds,
      ).toBe(seconds);
    for (const bad of ['0', '61', 'soon', '2.5']) {
      const found = problems(() => checkEnvironment({ REVOCATION_CHECK_SECONDS: bad }));
      expect(found.some((p) => p.startsWith('REVOCATION_CHECK_SECONDS'))).toBe(true);
    }
  });

  it('refuses upload bounds that cannot work', () => {
    const invalid = problems(() =>
      checkEnvironment({ UPLOAD_STALL_TIMEOUT_SECONDS: '0', IMAGE_CONCURRENCY: 'many' }),
    );
    for (const name of ['UPLOAD_STALL_TIMEOUT_SECONDS', 'IMAGE_CONCURRENCY']) {
      expect(invalid.some((p) => p.startsWith(name))).toBe(true);
    }
    const inconsistent = problems(() =>
      checkEnvironment({ UPLOADS_MAX_IN_PROGRESS: '2', UPLOADS_MAX_IN_PROGRESS_PER_USER: '3' }),
    );
    expect(inconsistent).toEqual([
      'UPLOADS_MAX_IN_PROGRESS_PER_USER: must not exceed UPLOADS_MAX_IN_PROGRESS',
    ]);
  });
});
