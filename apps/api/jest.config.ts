import { resolve } from 'node:path';
import type { Config } from 'jest';

// Unit tests for the NestJS API: plain node, ts-jest, specs beside the code they test.
// tsconfig.spec.json sets isolatedModules, so ts-jest transpiles each file on its own instead of
// type-checking every spec while it loads (93 s -> 51 s for this project); `npm run typecheck`
// checks the specs with that same tsconfig.
const config: Config = {
  displayName: 'api',
  rootDir: resolve(__dirname, '../..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/apps/api/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    '^@app/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  },
};

export default config;
