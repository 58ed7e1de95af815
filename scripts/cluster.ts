// `npm run cluster:up`: the issue-15 cluster for local use — three Galera nodes, three API
// instances, HAProxy, a shared s3rver bucket and an SMTP catcher — until Ctrl-C, then everything
// is stopped and its folder removed (CLUSTER_KEEP=1 keeps it). Uses the built API in dist/api
// (`npm run build:api`; built here under the build lock when missing). Ports from
// CLUSTER_PORT_BASE (default 4600): HAProxy on the base port; see test/cluster/harness.ts.
// `CLUSTER_STATE=var/cluster-<base>/state.json npm run test:cluster` reuses it (start it with
// CLUSTER_PUBLIC_URL=http://portal.test, the base the e2e factories read links under).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, startCluster } from '../test/cluster/harness';

async function main(): Promise<void> {
  const portBase = Number(process.env.CLUSTER_PORT_BASE ?? 4600);
  const apiDist = process.env.CLUSTER_API_DIST ?? join(ROOT, 'dist/api');
  if (!existsSync(join(apiDist, 'apps/api/src/main.js'))) {
    process.stdout.write(
      '[cluster] no built API yet: npm run build:api (under /tmp/cp-build.lock)\n',
    );
    execFileSync('flock', ['/tmp/cp-build.lock', 'npm', 'run', 'build:api'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  const workDir = join(ROOT, 'var', `cluster-${portBase}`);
  const publicUrl = process.env.CLUSTER_PUBLIC_URL; // default: the HAProxy address
  const cluster = await startCluster({ portBase, workDir, apiDist, publicUrl });
  const { state } = cluster;
  process.stdout.write(
    `\n  Client Portal cluster is up: ${state.url}  (HAProxy, health checks on /api/health)\n` +
      state.apis
        .map(
          (api, i) =>
            `    ${api.name} ${api.url}  ->  node ${state.nodes[i].name} 127.0.0.1:${state.nodes[i].sqlPort}\n`,
        )
        .join('') +
      `  Admin: ${state.admin.username} / ${state.admin.password}\n` +
      `  Mail caught as JSON in ${state.mailDir}; S3 (s3rver) at ${state.s3Url}\n` +
      `  Logs and data in ${state.workDir}. Ctrl-C stops everything.\n\n`,
  );
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('[cluster] stopping…\n');
    void cluster
      .stop()
      .then(() =>
        process.env.CLUSTER_KEEP ? undefined : rm(state.workDir, { recursive: true, force: true }),
      )
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // Stays up until a signal (the harness's processes are detached, so keep the loop alive).
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
