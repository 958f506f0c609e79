// One jest run for the whole workspace; each package is a project. The API suite runs twice when
// TEST_DATABASE_URL is set: on embedded PostgreSQL and on the server (`pnpm test` sets it when a
// server answers at the default address: scripts/test.mjs).
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// ESM-only dependencies that declare Node ≥ 22: transform them so that jest's VM can load them.
const esmOnly = ['cookie', 'content-disposition', 'fastify-plugin'];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(\\.pnpm/)?(${esmOnly.join('|')})[@/])`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['euregionet-source', 'node', 'node-addons'] },
};

const apiProject = (displayName, database) => ({
  ...common,
  displayName,
  roots: ['<rootDir>/packages/api/src'],
  testMatch: ['**/*.test.ts'],
  globals: { __TEST_DATABASE__: database },
  setupFilesAfterEnv: ['<rootDir>/packages/api/src/test/setup.ts'],
});

/** @type {import('jest').Config} */
export default {
  globalSetup: '<rootDir>/packages/api/src/test/global-setup.ts',
  globalTeardown: '<rootDir>/packages/api/src/test/global-teardown.ts',
  maxWorkers: process.env.CI ? 2 : '50%',
  // A worker that has run many API files holds hundreds of MB of module registries and WASM heaps;
  // recycling it between files keeps the last files as fast as the first (a move to embedded
  // PostgreSQL late in a CI run once took 20 times its usual time).
  workerIdleMemoryLimit: '1GB',
  // After jest's own summary: which databases the API tests ran on, and which tests ran nowhere.
  reporters: ['default', '<rootDir>/scripts/database-summary-reporter.mjs'],
  projects: [
    { ...common, displayName: 'shared', roots: ['<rootDir>/packages/shared/src'], testMatch: ['**/*.test.ts'] },
    { ...common, displayName: 'admin', roots: ['<rootDir>/packages/admin/src'], testMatch: ['**/*.test.ts'] },
    apiProject('api-pglite', 'pglite'),
    ...(process.env.TEST_DATABASE_URL ? [apiProject('api-postgres', 'postgres')] : []),
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/packages/admin/e2e'],
      testMatch: ['**/*.e2e.ts'],
      setupFilesAfterEnv: ['<rootDir>/packages/admin/e2e/setup.ts'],
    },
  ],
};
