// What the cluster suite's global setup started, kept on globalThis for the global teardown
// (both run in jest's main process).
import type { Cluster } from './harness';

type WithCluster = typeof globalThis & { __clientPortalCluster?: Cluster };

export function setCluster(cluster: Cluster | undefined): void {
  (globalThis as WithCluster).__clientPortalCluster = cluster;
}

export function getCluster(): Cluster | undefined {
  return (globalThis as WithCluster).__clientPortalCluster;
}
