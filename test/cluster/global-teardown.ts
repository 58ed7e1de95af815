// Stops every process of the cluster (whatever runs now, restarted ones included) and removes
// its folder; CLUSTER_KEEP=1 keeps data dirs and logs for a look.
import { rm } from 'node:fs/promises';
import { getCluster, setCluster } from './handles';

export default async function globalTeardown(): Promise<void> {
  const cluster = getCluster();
  if (!cluster) return;
  setCluster(undefined);
  await cluster.stop();
  if (!process.env.CLUSTER_KEEP) await rm(cluster.state.workDir, { recursive: true, force: true });
}
