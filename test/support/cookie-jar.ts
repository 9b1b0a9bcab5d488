// One copy, kept with the local Cognito's own tests: the package may not import from here,
// while Photos' tests may use the package's test code (a development dependency).
export * from '../../packages/local-cognito/test/support/cookie-jar';
