// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noSqlOutsideDb from './eslint-rules/no-sql-outside-db.js';

const nodeOnly = [
  'pg',
  'redis',
  'ai',
  '@ai-sdk/*',
  'kysely',
  'express',
  'pino',
  'prom-client',
  'fs',
  'node:*',
  'http',
  'https',
  'crypto',
  'child_process',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.tools/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@temporalio/*/src/*', '@temporalio/*/lib/*'],
              message: 'no deep imports into the Temporal SDK',
            },
          ],
        },
      ],
      // Only the config package reads the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read configuration through @e2a/config' },
      ],
    },
  },
  {
    // Migrations are written against Kysely<any>: frozen in time, independent of today's types.
    files: ['infra/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['packages/config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Workflow code is sandboxed and deterministic: activities as types only, no I/O libraries.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@e2a/activities',
              allowTypeImports: true,
              message: 'workflows import activity types only',
            },
          ],
          patterns: [
            { group: nodeOnly, message: 'workflow code must not import Node-only or I/O modules' },
            {
              group: [
                '@e2a/db',
                '@e2a/telemetry',
                '@e2a/config',
                '@e2a/http',
                '@temporalio/worker',
                '@temporalio/client',
                '@temporalio/activity',
              ],
              message: 'not allowed in workflow code',
            },
            {
              group: ['@temporalio/*/src/*', '@temporalio/*/lib/*'],
              message: 'no deep imports into the Temporal SDK',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure business logic: no I/O, no clock from the environment.
    files: ['packages/domain/**/*.ts'],
    ignores: ['packages/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeOnly, '@e2a/db', '@e2a/telemetry', '@e2a/config', '@temporalio/*'],
              message: 'packages/domain is pure: no I/O',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'inject the clock',
        },
      ],
    },
  },
  {
    // SQL lives in packages/db: activities and services call repositories (proof: tests/integration/boundaries/sql-in-db.test.ts).
    files: ['activities/**/*.ts', 'services/*/src/**/*.ts'],
    plugins: { e2a: { rules: { 'no-sql-outside-db': noSqlOutsideDb } } },
    rules: { 'e2a/no-sql-outside-db': 'error' },
  },
  {
    // Services and activities may not reach into each other's internals.
    files: ['activities/**/*.ts', 'packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@e2a/gateway', '@e2a/api', '@e2a/worker', '@e2a/cli'],
              message: 'libraries must not import services',
            },
            {
              group: ['@temporalio/*/src/*', '@temporalio/*/lib/*'],
              message: 'no deep imports into the Temporal SDK',
            },
          ],
        },
      ],
    },
  },
);
