// Fuzz suite: every route of the OpenAPI document, hostile input, the real in-process app on a
// SQLite file (E2E_DB=sqlite) or a real MariaDB (E2E_DB=mariadb), mail caught by a real SMTP
// server. The same global setup as the API e2e suite starts those parts.
import { suiteConfig } from '../support/jest-suite';

const database = process.env.E2E_DB ?? 'sqlite';

export default suiteConfig({
  displayName: `api-fuzz:${database}`,
  testMatch: ['<rootDir>/test/fuzz/**/*.fuzz-spec.ts'],
  globalSetup: '<rootDir>/test/api/global-setup.ts',
  globalTeardown: '<rootDir>/test/api/global-teardown.ts',
  // The run is bounded by FUZZ_TIME_BUDGET_MS (see api-fuzz.fuzz-spec.ts); this is the backstop.
  testTimeout: 20 * 60_000,
  maxWorkers: 1,
});
