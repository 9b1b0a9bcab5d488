// The package's own tests: unit tests beside the code (src/**/*.spec.ts), the end-to-end suites
// (test/**/*.e2e-spec.ts) against a local Cognito on a free port. Photos' root jest config runs
// this file as one of its projects, so `npm test` at the root runs these too.
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

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'local-cognito',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  // NestJS 12, jose and openid-client ship ESM only; Jest's loader cannot require(esm) on Node 22.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|openid-client|oauth4webapi)/)'],
  // Suites start real servers and sign in over HTTP.
  testTimeout: 60000,
};
