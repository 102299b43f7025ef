const { existsSync } = require('node:fs');
const path = require('node:path');

// A local .env (ports, databases, prefixes of this checkout) applies to the tests too; the environment wins.
const dotenv = path.join(__dirname, '.env');
if (existsSync(dotenv)) process.loadEnvFile(dotenv);

/** @type {import('jest').Config} */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    },
  ],
};
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // ESM-only dependencies (faker, kysely 0.29, AI SDK 7 and what it imports as ESM) are transformed for CommonJS jest
  transformIgnorePatterns: [
    '/node_modules/(?!\\.pnpm/)(?!(@faker-js|kysely|ai|@ai-sdk|@vercel|@workflow|zod)/)',
  ],
};

module.exports = {
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{packages,services,activities,workflows}/**/src/**/*.test.ts',
        '<rootDir>/bench/support/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
    },
  ],
};
