// Fault suite: the real app in-process on a real MariaDB that the spec kills, freezes and
// restarts under load (MariaDB only: SQLite has no outage to inject). `npm run test:fault`.
import { suiteConfig } from '../support/jest-suite';

export default suiteConfig({
  displayName: 'fault:mariadb',
  testMatch: ['<rootDir>/test/fault/**/*.fault-spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
});
