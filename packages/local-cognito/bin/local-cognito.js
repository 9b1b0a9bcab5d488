#!/usr/bin/env node
// The `local-cognito` bin. A file that exists at install time (npm links a bin only then), which
// runs the build in dist/; `npm run build` here (or `npm run local-cognito` at Photos' root) makes it.
'use strict';

let cli;
try {
  cli = require('../dist/cli.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('cli.js')) {
    console.error(
      'The local Cognito is not built: run npm run build in packages/local-cognito (or npm run local-cognito at the root of Photos).',
    );
    process.exit(1);
  }
  throw error;
}
cli.runLocalCognitoCli(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
