// ESLint flat config: TypeScript's type-aware recommended rules, React hooks rules for the
// console, and the layer boundaries between src/shared, src/server, src/web and src/cli.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tsFiles = ['**/*.ts', '**/*.tsx'];
const testFiles = ['**/*.test.ts', '**/*.test.tsx', 'src/**/testing.ts', 'src/**/testing-*.ts'];

const features = fs
  .readdirSync('src/web/features', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Globals a browser has and Node does not (the DOM), and the reverse (process, Buffer, ...):
// src/shared uses neither, so it runs in the console, the server and the CLI alike.
const domOnlyGlobals = Object.keys(globals.browser).filter((name) => !(name in globals.node));
const nodeOnlyGlobals = Object.keys(globals.node).filter((name) => !(name in globals.browser));

const layerZones = [
  {
    target: './src/web',
    from: './src/server',
    message: 'The console reaches the server only through the API client.',
  },
  { target: './src/server', from: './src/web', message: 'The server does not import the console.' },
  { target: './src/server', from: './src/cli', message: 'The server does not import the CLI.' },
  { target: './src/web', from: './src/cli', message: 'The console does not import the CLI.' },
  { target: './src/cli', from: './src/web', message: 'The CLI does not import the console.' },
  {
    target: './src/shared',
    from: ['./src/web', './src/cli'],
    message: 'src/shared imports only src/shared.',
  },
  {
    target: './src/web/data',
    from: ['./src/web/features', './src/web/app'],
    message: 'The data layer serves every screen: it imports no feature and no route.',
  },
  ...features.map((feature) => ({
    target: `./src/web/features/${feature}`,
    from: './src/web/features',
    except: [`./${feature}`],
    message: 'Features do not import each other: compose them in src/web/app/routes.',
  })),
];

const outsideTestZones = [
  {
    target: './src/cli',
    from: './src/server',
    message: 'The CLI reaches the server only over HTTP.',
  },
  { target: './src/shared', from: './src/server', message: 'src/shared imports only src/shared.' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      'data/',
      'node_modules/',
      'src/cli/fixtures/',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    rules: {
      // `catch {}` is the deliberate "ignore this failure" idiom (best-effort cleanup, probes).
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-unused-vars': ['error', { caughtErrors: 'none' }],
    },
  },
  {
    files: tsFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      // `_`-prefixed names mark parameters and bindings kept for their position or shape.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Values parsed by zod or read from JSON arrive as `any` at library edges; tsc's strict mode
      // already types every value we declare, so these five would flag library signatures, not bugs.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Hono handlers, React event handlers and vitest callbacks take async functions by design.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Template literals interpolate numbers and unknown errors on purpose in messages and logs.
      '@typescript-eslint/restrict-template-expressions': 'off',
      // `async` without `await` keeps a function's contract (it returns a promise) stable.
      '@typescript-eslint/require-await': 'off',
      // Empty callbacks (`() => {}`) are deliberate no-ops in tests and error swallowing.
      '@typescript-eslint/no-empty-function': 'off',
      // The factories here return closures as object methods; none of them reads `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Values read from tenant files are `unknown` by type and stringified on purpose in messages.
      '@typescript-eslint/no-base-to-string': 'off',
      // Unions such as `TestTarget | string` name the expected values for the reader.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // AbortSignal.reason is typed `any` and is passed on as the platform gave it.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true }],
    },
  },
  {
    // Scripts, benches and configs outside the TypeScript program: syntax rules only.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // Tests may leave a promise to the test runner and assert on thrown values of any type.
    files: testFiles,
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      // Teardown awaits `Promise.all` over `Promise | undefined` (only running processes stop).
      '@typescript-eslint/await-thenable': 'off',
      // Test helpers hand response bodies to assertions untyped.
      '@typescript-eslint/no-explicit-any': 'off',
      // Expected CLI output is matched column for column, spaces written out.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Playwright reads a fixture's dependencies from the destructuring pattern, `{}` included.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      // The next three check code for the React Compiler, which this console does not use: the
      // latest-value ref, state reset from a changed prop and reading the clock in render are
      // deliberate here.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/purity': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js modules and no-cycle never sees a TypeScript cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    // Tests and test helpers may start a server in-process; the code they test may not.
    files: ['src/**/*.{ts,tsx}'],
    ignores: testFiles,
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...outsideTestZones] }],
    },
  },
  {
    // src/shared runs in the browser, the server and the CLI: no Node, no DOM, no React.
    files: ['src/shared/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', ...builtinModules, ...builtinModules.map((m) => `${m}/*`)],
              message: 'src/shared must run anywhere: no Node built-ins.',
            },
            {
              group: [
                'react',
                'react/*',
                'react-dom',
                'react-dom/*',
                '@tanstack/*',
                'monaco-editor',
              ],
              message: 'src/shared must run anywhere: no React or DOM libraries.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...domOnlyGlobals.map((name) => ({
          name,
          message: 'src/shared must run anywhere: no DOM globals.',
        })),
        ...nodeOnlyGlobals.map((name) => ({
          name,
          message: 'src/shared must run anywhere: no Node globals.',
        })),
      ],
    },
  },
  {
    // A floating promise on the server is an unhandled rejection that can stop the process.
    files: ['src/server/**/*.ts'],
    ignores: testFiles,
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  prettier,
);
