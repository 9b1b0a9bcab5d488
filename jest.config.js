// Unit tests sit beside the code (*.spec.ts); int, e2e and browser suites live in test/.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

// NestJS 12 and a few of its dependencies ship ESM only. Node runs them through require(esm), but
// Jest's module loader cannot on Node 22 (it can from 24.9), so Jest compiles them to CommonJS too.
const esmPackages =
  '/node_modules/(?!(@nestjs|jose|openid-client|oauth4webapi|file-type|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|@borewit|load-esm)/)';

// file-type exports a single ESM entry with no `require` condition, which Jest's resolver asks for.
const moduleNameMapper = { '^file-type$': '<rootDir>/node_modules/file-type/source/index.js' };

/** @type {import('jest').Config} */
module.exports = {
  // Four workers on two cores: the int and e2e suites spend most of their time waiting (on
  // PostgreSQL, on the app and the local Cognito over HTTP, on child processes and timers); with
  // two workers the run used 40% of the CPU. Measured on this 2-core machine: 4 min 46 s with
  // two, 2 min 23 s with four (README, "Tests"). JEST_WORKERS overrides it.
  maxWorkers: Number(process.env.JEST_WORKERS ?? 4),
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  // Jest gives a worker 500 ms after its last file to exit, then kills it ("A worker process has
  // failed to exit gracefully"). Measured on the shared 2-core machine (load ~17): a worker's
  // 'exit' event fires 0-70 ms after Jest's end message, so nothing holds its event loop open (no
  // timer, socket, pool or child left), and the process then needs 0.3-1 s more to tear itself
  // down (V8 isolate, native addons). A real leak holds the loop open for good and still shows.
  workerGracefulExitTimeout: 5000,
  // e2e suites start real servers and sign in over HTTP; unit tests are far below this.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.(ts|js|mjs)$': swc },
      transformIgnorePatterns: [esmPackages],
      moduleNameMapper,
    },
    {
      // A Nest testing module of the real app on the run's PostgreSQL, no HTTP server: the
      // services, middleware and filters that unit tests cannot reach and e2e tests reach slowly.
      displayName: 'int',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      transform: { '^.+\\.(ts|js|mjs)$': swc },
      transformIgnorePatterns: [esmPackages],
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.(ts|js|mjs)$': swc },
      transformIgnorePatterns: [esmPackages],
      moduleNameMapper,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // The local Cognito's own suites, with its own config (packages/local-cognito/jest.config.js).
    '<rootDir>/packages/local-cognito/jest.config.js',
  ],
};
