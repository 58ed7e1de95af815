// Cluster suite (issue 15): the built API three times on a three-node MariaDB Galera cluster,
// behind HAProxy, every request through HAProxy. `npm run test:cluster`. The files run one after
// another in name order (the node-kill spec last). Sizes: CLUSTER_RACE_ROUNDS (20),
// CLUSTER_DISPATCHES (500), CLUSTER_REMINDER_DAYS (2; 0 skips the reminders spec, as the CI form
// does: a firm day costs a minute or two); ports from CLUSTER_PORT_BASE (4700).
// CLUSTER_E2E=all|ci adds the API e2e specs named in e2e-specs.ts (all, or the CI set), run
// after the cluster specs through HAProxy (E2E_TARGET=cluster); `test/api/` as a path pattern
// runs only those (`npm run test:cluster:e2e`).
import { clusterE2eSpecs } from './e2e-specs';
import { suiteConfig } from '../support/jest-suite';

const e2e = process.env.CLUSTER_E2E;
if (e2e !== undefined && e2e !== 'all' && e2e !== 'ci') {
  throw new Error(`CLUSTER_E2E must be "all" or "ci" (got "${e2e}")`);
}
const e2eSpecs = e2e ? clusterE2eSpecs(e2e) : [];

export default suiteConfig({
  displayName: 'cluster:galera',
  testMatch: [
    '<rootDir>/test/cluster/**/*.cluster-spec.ts',
    ...e2eSpecs.map((spec) => `<rootDir>/test/api/${spec.name}.e2e-spec.ts`),
  ],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/cluster/e2e-skips.ts'],
  testSequencer: '<rootDir>/test/cluster/name-order-sequencer.js',
  testTimeout: 600_000,
  maxWorkers: 1,
});
