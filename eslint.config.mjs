// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'eslint.config.mjs',
      'jest.config.js',
      'test/support/slow-first-sequencer.js',
      'bench/register.js',
      // Browser scripts served from /js/ (plain ES5, no build step); not part of the TS project.
      'public/js/**',
      // The CDK app is a package of its own (its own dependencies and tsconfig): `cd deploy &&
      // npm test` typechecks it; the root project cannot resolve aws-cdk-lib.
      'deploy/**',
      'packages/*/dist/**',
      'packages/*/jest.config.js',
      // Plain CommonJS, the bin's entry: it only loads dist/cli.js.
      'packages/*/bin/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: {
        // Plain CommonJS preloaded into app processes under test (node --require), and the
        // worker threads' entry files (loaded as they are, from src/ or dist/): no TS project.
        projectService: { allowDefaultProject: ['test/support/*.cjs', 'src/photos/image/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // A worker thread's entry (CommonJS, loaded as it is): libheif-js's bindings are untyped
    // (Emscripten's embind), so the file keeps to decoding and its caller types the replies.
    files: ['src/**/*.worker.cjs'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { setInterval: 'readonly', globalThis: 'readonly' },
    },
  },
);
