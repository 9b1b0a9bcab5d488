// Lets plain `node` run the TypeScript benchmarks: `node --require ./bench/register.js bench/x.ts`.
// Each .ts file is transpiled on require by swc, with the options jest.config.js gives @swc/jest,
// so benchmarks run the same code the tests run (no type checking here; `npm run typecheck` does it).
'use strict';

const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const SWC_OPTIONS = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

// require.extensions is deprecated but still the one synchronous CommonJS hook Node 20 offers.
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...SWC_OPTIONS, filename });
  module._compile(code, filename);
};
