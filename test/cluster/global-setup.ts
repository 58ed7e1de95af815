// Starts the cluster once for the suite (about a minute: three nodes joined one at a time, then
// three instances, then HAProxy). Env set here reaches the specs: CLUSTER_STATE (the state file
// the specs read and update) and E2E_MAIL_DIR (the SMTP catcher's folder, for waitForMail).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_PUBLIC_URL } from '../support/app';
import { readState, ROOT, startCluster } from './harness';
import { setCluster } from './handles';

export default async function globalSetup(): Promise<void> {
  // CLUSTER_STATE=<state.json of a running `npm run cluster:up` started with
  // CLUSTER_PUBLIC_URL=http://portal.test>: reuse it (and leave it running) while writing specs.
  const reuse = process.env.CLUSTER_STATE ? readState(process.env.CLUSTER_STATE) : null;
  if (reuse) {
    process.env.E2E_MAIL_DIR = reuse.mailDir;
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
    workDir: join(ROOT, 'var', `cluster-${portBase}`),
    apiDist: process.env.CLUSTER_API_DIST,
    // The e2e factories read links under the e2e suite's public URL.
    publicUrl: TEST_PUBLIC_URL,
    log: (line) => process.stdout.write(`[cluster] ${line}\n`),
    killOnSignals: true,
  });
  setCluster(cluster);
  process.env.CLUSTER_STATE = cluster.stateFile;
  process.env.E2E_MAIL_DIR = cluster.state.mailDir;
  process.stdout.write(
    `[cluster] up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${cluster.state.url}\n`,
  );
}
