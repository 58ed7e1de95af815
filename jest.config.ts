import { availableParallelism } from 'node:os';
import type { Config } from 'jest';

// `npm run test:unit`: every unit-test project in the monorepo (e2e suites live under test/).
const config: Config = {
  projects: ['<rootDir>/apps/api/jest.config.ts', '<rootDir>/apps/portal/jest.config.ts'],
  // Jest's default (one worker fewer than the cores) runs a single worker on the 2-core CI
  // machine, which leaves a core idle: the unit suites took 81 s there, 57 s with two workers.
  maxWorkers: Math.max(2, availableParallelism() - 1),
};

export default config;
