// Stops every process of the cluster (whatever runs now, restarted ones included) and removes
// its folder; CLUSTER_KEEP=1 keeps data dirs and logs for a look. When API e2e specs ran through
// the cluster, first prints where their requests went and fails the run unless all three
// instances answered and all three nodes committed writes (e2e-spread.ts).
import { rm } from 'node:fs/promises';
import { describeSpread, readSpread, summarise } from './e2e-spread';
import { getCluster, setCluster } from './handles';
import { readState, startInstances, stopInstances } from './harness';

export default async function globalTeardown(): Promise<void> {
  const stateFile = process.env.CLUSTER_STATE;
  const state = stateFile ? readState(stateFile) : null;
  let failure: Error | null = null;
  const records = state ? readSpread(state.workDir) : [];
  if (state && records.length > 0) {
    const summary = summarise(
      records,
      state.apis.map((api) => api.name),
      state.nodes.map((node) => node.name),
    );
    process.stdout.write(`\n[cluster] ${describeSpread(records, summary)}\n`);
    if (summary.problems.length > 0) {
      failure = new Error(
        `The e2e specs did not spread over the cluster: ${summary.problems.join('; ')}`,
      );
    }
  }

  const cluster = getCluster();
  setCluster(undefined);
  if (cluster) {
    await cluster.stop();
    if (!process.env.CLUSTER_KEEP)
      await rm(cluster.state.workDir, { recursive: true, force: true });
  } else if (stateFile && state?.apis.some((api) => api.baseEnv)) {
    // A reused `cluster:up`: its instances back on their own database and env.
    await stopInstances(stateFile);
    await startInstances(
      stateFile,
      state.apis.map((api) => api.baseEnv ?? api.env),
    );
  }
  if (failure) throw failure;
}
