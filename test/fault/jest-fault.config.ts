// Fault suite: the real app in-process on a real MariaDB that the spec kills, freezes and
// restarts under load (MariaDB only: SQLite has no outage to inject). `npm run test:fault`.
import { join, resolve } from 'node:path';
import type { Config } from 'jest';

const rootDir = resolve(__dirname, '../..');

const config: Config = {
  rootDir,
  displayName: 'fault:mariadb',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/fault/**/*.fault-spec.ts'],
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
  testTimeout: 180_000,
  maxWorkers: 1,
};

export default config;
