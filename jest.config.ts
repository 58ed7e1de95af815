import type { Config } from 'jest';

// `npm run test:unit`: every unit-test project in the monorepo (e2e suites live under test/).
const config: Config = {
  projects: ['<rootDir>/apps/api/jest.config.ts', '<rootDir>/apps/portal/jest.config.ts'],
};

export default config;
