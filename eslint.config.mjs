// Type-aware linting of the extension, the server, the scripts and the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = {
  process: 'readonly',
  console: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setImmediate: 'readonly',
  Buffer: 'readonly',
  performance: 'readonly',
  fetch: 'readonly',
  __dirname: 'readonly',
  require: 'readonly',
  module: 'writable',
};

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', 'test/fixtures/', '.e2e/', '**/*.vsix'] },
  js.configs.recommended,
  {
    rules: {
      // the parsers and their tests deal in control bytes on purpose: NUL in binary files, troff's backspaces
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json', './tsconfig.json', './client/webview/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
    },
  },
  {
    // tests read package.json and protocol messages as loose JSON; the service keeps every rule
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: node } },
  {
    // code that page.evaluate() runs in the browser
    files: ['test/e2e/**/*.js'],
    languageOptions: { globals: { document: 'readonly', getComputedStyle: 'readonly', window: 'readonly' } },
  },
);
