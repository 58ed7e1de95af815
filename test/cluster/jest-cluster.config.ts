// Cluster suite (issue 15): the built API three times on a three-node MariaDB Galera cluster,
// behind HAProxy, every request through HAProxy. `npm run test:cluster`. The files run one after
// another in name order (the node-kill spec last). Sizes: CLUSTER_RACE_ROUNDS (20),
// CLUSTER_DISPATCHES (500); ports from CLUSTER_PORT_BASE (4700).
import { suiteConfig } from '../support/jest-suite';

export default suiteConfig({
  displayName: 'cluster:galera',
  testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  testSequencer: '<rootDir>/test/cluster/name-order-sequencer.js',
  testTimeout: 600_000,
  maxWorkers: 1,
});
