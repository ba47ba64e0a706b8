// ESM-only packages pulled in by @fastify/static and openapi-fetch: Jest's CommonJS module system
// cannot load them untransformed (plain Node 20 can), so they are transformed like our code.
const esmOnly = [
  'content-disposition', 'glob', 'minimatch', 'path-scurry', 'lru-cache', 'minipass', 'jackspeak',
  '@isaacs', 'package-json-from-dist', 'foreground-child', 'signal-exit', 'openapi-fetch',
  'openapi-typescript-helpers',
];
const swc = ['@swc/jest', JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'))];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
  testTimeout: 30000,
  maxWorkers: 2,
  // A worker that has run many files holds a large heap; a forced full collection in a memory test
  // (bulk-download) then takes seconds. Workers above this after a file are replaced by fresh ones.
  workerIdleMemoryLimit: '700MB',
};
