// API end-to-end suite: the real Nest app over supertest, against real MariaDB (E2E_DB=mariadb)
// or a SQLite file (E2E_DB=sqlite), with mail caught by a real SMTP server.
import { join, resolve } from 'node:path';
import type { Config } from 'jest';

const rootDir = resolve(__dirname, '../..');
const database = process.env.E2E_DB ?? 'sqlite';

const config: Config = {
  rootDir,
  displayName: `api-e2e:${database}`,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/api/**/*.e2e-spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: join(rootDir, 'test/tsconfig.json'), isolatedModules: true },
    ],
  },
  moduleNameMapper: {
    '^@app/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  },
  globalSetup: '<rootDir>/test/api/global-setup.ts',
  globalTeardown: '<rootDir>/test/api/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
