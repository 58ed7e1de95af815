// API end-to-end suite: the real Nest app over supertest, against real MariaDB (E2E_DB=mariadb)
// or a SQLite file (E2E_DB=sqlite), with mail caught by a real SMTP server.
import { suiteConfig } from '../support/jest-suite';

const database = process.env.E2E_DB ?? 'sqlite';

export default suiteConfig({
  displayName: `api-e2e:${database}`,
  testMatch: ['<rootDir>/test/api/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/api/global-setup.ts',
  globalTeardown: '<rootDir>/test/api/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
});
