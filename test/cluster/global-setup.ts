// Starts the cluster once for the suite (about a minute: three nodes joined one at a time, then
// three instances, then HAProxy). Env set here reaches the specs: CLUSTER_STATE (the state file
// the specs read and update), E2E_MAIL_DIR (the SMTP catcher's folder, for waitForMail) and, for
// the API e2e specs run through the cluster (CLUSTER_E2E), E2E_TARGET=cluster (e2e-target.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_PUBLIC_URL } from '../support/app';
import { scratchParent } from '../support/mariadb';
import { unclassifiedE2eSpecs } from './e2e-specs';
import { SPREAD_FILE } from './e2e-spread';
import { ClusterState, readState, ROOT, startCluster } from './harness';
import { setCluster } from './handles';

export default async function globalSetup(): Promise<void> {
  // CLUSTER_STATE=<state.json of a running `npm run cluster:up` started with
  // CLUSTER_PUBLIC_URL=http://portal.test>: reuse it (and leave it running) while writing specs.
  const reuse = process.env.CLUSTER_STATE ? readState(process.env.CLUSTER_STATE) : null;
  if (reuse) {
    targetTheCluster(reuse);
    process.stdout.write(`[cluster] reusing the running cluster at ${reuse.url}\n`);
    return;
  }
  const portBase = Number(process.env.CLUSTER_PORT_BASE ?? 4700);
  if (!process.env.CLUSTER_API_DIST && !existsSync(join(ROOT, 'dist/api/apps/api/src/main.js'))) {
    process.stdout.write(
      '[cluster] no built API yet: npm run build:api (under /tmp/cp-build.lock)\n',
    );
    execFileSync('flock', ['/tmp/cp-build.lock', 'npm', 'run', 'build:api'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const started = Date.now();
  const cluster = await startCluster({
    portBase,
    // The nodes' data dirs, state transfers included, in RAM when there is room (a node joins
    // faster; a run's leftovers are removed by the next run on the same port base).
    workDir: join(await scratchParent(), `portal-cluster-${portBase}`),
    apiDist: process.env.CLUSTER_API_DIST,
    // The e2e factories read links under the e2e suite's public URL.
    publicUrl: TEST_PUBLIC_URL,
    log: (line) => process.stdout.write(`[cluster] ${line}\n`),
    killOnSignals: true,
  });
  setCluster(cluster);
  process.env.CLUSTER_STATE = cluster.stateFile;
  targetTheCluster(cluster.state);
  process.stdout.write(
    `[cluster] up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${cluster.state.url}\n`,
  );
}

/** What the e2e specs need to run through the cluster (test/cluster/e2e-target.ts). */
function targetTheCluster(state: ClusterState): void {
  process.env.E2E_MAIL_DIR = state.mailDir;
  process.env.E2E_TARGET = 'cluster';
  process.env.E2E_DB = 'mariadb';
  process.env.E2E_SMTP_URL = state.smtpUrl;
  rmSync(join(state.workDir, SPREAD_FILE), { force: true });
  const unlisted = unclassifiedE2eSpecs();
  if (process.env.CLUSTER_E2E && unlisted.length > 0) {
    process.stdout.write(
      `[cluster] not run through the cluster, not yet listed in test/cluster/e2e-specs.ts: ${unlisted.join(', ')}\n`,
    );
  }
}
