// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import noSqlOutsideDb from './eslint-rules/no-sql-outside-db.js';

// The boundaries: which workspace packages each folder may import (ARCHITECTURE.md's "may import" table, kept equal
// to these rules by tests/integration/boundaries/boundaries.test.ts). A flat config gives each file one set of
// options per rule (a later block for the same files replaces them), so every folder gets exactly one
// `no-restricted-imports` block below, with all of its bans merged.

/** The library packages (`packages/*` and `infra`): no entrypoint, no workflow or activity code. */
const LIBRARIES = [
  '@e2a/domain',
  '@e2a/config',
  '@e2a/db',
  '@e2a/http',
  '@e2a/telemetry',
  '@e2a/circuit-breaker',
  '@e2a/generator',
  '@e2a/schedules',
  '@e2a/metrics',
  '@e2a/tenants',
  '@e2a/infra',
];
const SERVICES = [
  '@e2a/gateway',
  '@e2a/api',
  '@e2a/worker',
  '@e2a/cli',
  '@e2a/partner-simulator',
  '@e2a/console',
];
const WORKSPACE = [
  ...LIBRARIES,
  '@e2a/workflows',
  '@e2a/activities',
  ...SERVICES,
  '@e2a/tests',
  '@e2a/bench',
];

/** Workflow contracts: what clients of a workflow import, never the workflow bodies (`@e2a/workflows`). */
const CONTRACTS = '@e2a/workflows/contracts';

/** Node built-ins and I/O libraries: never in pure or sandboxed code. */
const IO_LIBRARIES = [
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

/**
 * folder → the workspace packages it may import (`CONTRACTS` alone means the contracts entry point only; an entry
 * `{ name, typesOnly }` allows type imports only), plus the libraries it must not import.
 * @type {Record<string, { may: (string | { name: string; typesOnly: true })[]; libraries?: { banned: string[]; message: string } }>}
 */
const BOUNDARIES = {
  'packages/domain': {
    may: [],
    libraries: { banned: [...IO_LIBRARIES, '@temporalio/*'], message: 'packages/domain is pure: no I/O' },
  },
  'packages/config': { may: [] },
  'packages/telemetry': { may: [] },
  'packages/circuit-breaker': { may: [] },
  'packages/db': { may: ['@e2a/domain', '@e2a/infra'] },
  'packages/http': { may: ['@e2a/telemetry'] },
  'packages/generator': { may: ['@e2a/domain', '@e2a/http'] },
  'packages/schedules': { may: [CONTRACTS] },
  'packages/metrics': { may: ['@e2a/db', '@e2a/domain'] },
  'packages/tenants': { may: ['@e2a/db', '@e2a/domain', '@e2a/schedules', CONTRACTS] },
  // Migrations are frozen in time: they never import today's application code.
  'infra/migrations': { may: [] },
  infra: { may: [] },
  workflows: {
    may: ['@e2a/domain', { name: '@e2a/activities', typesOnly: true }],
    libraries: {
      banned: [...IO_LIBRARIES, '@temporalio/worker', '@temporalio/client', '@temporalio/activity'],
      message: 'workflow code is sandboxed and deterministic: no Node-only, I/O or client modules',
    },
  },
  // Activities get their settings injected by the worker: they never read configuration.
  activities: { may: ['@e2a/db', '@e2a/domain', '@e2a/http', '@e2a/telemetry', '@e2a/circuit-breaker'] },
  'services/gateway': { may: ['@e2a/config', '@e2a/db', '@e2a/domain', '@e2a/http', '@e2a/telemetry'] },
  // The API and the CLI start workflows through their contracts (DLQ replay too): never activities.
  'services/api': {
    may: [
      '@e2a/circuit-breaker',
      '@e2a/config',
      '@e2a/db',
      '@e2a/domain',
      '@e2a/http',
      '@e2a/metrics',
      '@e2a/schedules',
      '@e2a/telemetry',
      '@e2a/tenants',
      CONTRACTS,
    ],
  },
  // The one composition root: every library package, activities and the contracts (workflow bodies are bundled
  // from their path, never imported).
  'services/worker': { may: [...LIBRARIES, '@e2a/activities', CONTRACTS] },
  'services/cli': {
    may: [
      '@e2a/config',
      '@e2a/db',
      '@e2a/domain',
      '@e2a/generator',
      '@e2a/http',
      '@e2a/schedules',
      '@e2a/telemetry',
      '@e2a/tenants',
      CONTRACTS,
    ],
  },
  'services/partner-simulator': { may: ['@e2a/config', '@e2a/http', '@e2a/telemetry'] },
  // The console runs in a browser and talks to the API over HTTP only (its client is generated from /openapi.json).
  'services/console': { may: [] },
  tests: {
    may: WORKSPACE.filter((name) => name !== '@e2a/tests' && name !== '@e2a/bench').concat(CONTRACTS),
  },
  bench: { may: WORKSPACE.filter((name) => name !== '@e2a/bench').concat(CONTRACTS) },
};

const DEEP_IMPORTS = [
  { group: ['@temporalio/*/src/*', '@temporalio/*/lib/*'], message: 'no deep imports into the Temporal SDK' },
  {
    // The subpaths packages export: the workflow contracts, the service bundler and launch flags (tests run the
    // production bundles as `make up` does) and the tests' support modules (benchmarks reuse them).
    regex: '^@e2a/(?!workflows/contracts$|infra/(?:bundle|runtime-flags)$|tests/support/[a-z0-9-]+$)[^/]+/',
    message: 'import a package through its exports',
  },
];

/**
 * The `no-restricted-imports` options of one folder: its workspace bans, its library bans (not for its unit tests,
 * which may use Node for fixtures) and the deep-import bans.
 */
function restrictedImports(folder, { isTest = false } = {}) {
  const { may, libraries } = BOUNDARIES[folder];
  const names = may.map((entry) => (typeof entry === 'string' ? entry : entry.name));
  const typesOnly = may.filter((entry) => typeof entry !== 'string').map((entry) => entry.name);
  const banned = WORKSPACE.filter((name) => !names.includes(name));
  const paths = [
    ...banned.map((name) => ({ name, message: `${folder} may not import ${name} (ARCHITECTURE.md)` })),
    ...typesOnly.map((name) => ({
      name,
      allowTypeImports: true,
      message: `${folder} imports ${name} as types only (ARCHITECTURE.md)`,
    })),
  ];
  // A folder without the contracts entry may not reach them through the `@e2a/workflows` package either.
  if (!names.includes(CONTRACTS) && !names.includes('@e2a/workflows'))
    paths.push({ name: CONTRACTS, message: `${folder} may not import ${CONTRACTS} (ARCHITECTURE.md)` });
  const patterns = [...DEEP_IMPORTS];
  if (libraries && !isTest) patterns.push({ group: libraries.banned, message: libraries.message });
  return ['error', { paths, patterns }];
}

const TEST_FILES = ['**/*.test.ts'];
const FOLDERS = Object.keys(BOUNDARIES);
const nestedFolders = (folder) =>
  FOLDERS.filter((other) => other.startsWith(`${folder}/`)).map((other) => `${other}/**`);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/dist/**',
      // generated from the API's OpenAPI document (services/console/scripts/generate-client.mjs)
      'services/console/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: {
      // TypeScript files are modules to follow (cycles), resolved as tsc resolves them (workspace `exports`).
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { patterns: DEEP_IMPORTS }],
      // A cycle makes load order decide behaviour; type-only imports are erased and cannot form one.
      'import-x/no-cycle': 'error',
      // Another package's files are reached through its exports, never by a relative path into it.
      'import-x/no-relative-packages': 'error',
      // Only the config package reads the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read configuration through @e2a/config' },
      ],
    },
  },
  // One block per folder (the most specific folder wins: infra/migrations before infra), then one per folder with
  // library bans for its unit tests (`*.test.ts` beside the code), which keep the workspace bans.
  ...FOLDERS.map((folder) => ({
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    ignores: nestedFolders(folder),
    rules: { 'no-restricted-imports': restrictedImports(folder) },
  })),
  ...FOLDERS.filter((folder) => BOUNDARIES[folder].libraries).map((folder) => ({
    files: [`${folder}/**/*.test.ts`],
    ignores: nestedFolders(folder),
    rules: { 'no-restricted-imports': restrictedImports(folder, { isTest: true }) },
  })),
  {
    // The domain is pure business logic: no clock from the environment.
    files: ['packages/domain/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
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
    // Migrations are written against Kysely<any>: frozen in time, independent of today's types.
    files: ['infra/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['packages/config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // SQL lives in packages/db: activities and services call repositories (proof: tests/integration/boundaries/sql-in-db.test.ts).
    files: ['activities/**/*.ts', 'services/*/src/**/*.ts', 'services/*/src/**/*.tsx'],
    plugins: { e2a: { rules: { 'no-sql-outside-db': noSqlOutsideDb } } },
    rules: { 'e2a/no-sql-outside-db': 'error' },
  },
);
