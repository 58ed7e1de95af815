/**
 * The two servers under test, each its own Node process on its own port: the product (its real
 * entry point: the built dist/api/apps/api/src/main.js when it is newer than every source file,
 * else apps/api/src/main.ts through ts-node in transpile-only mode; BENCH_PRODUCT=dist|src
 * forces one) and the bare baseline (bench/baseline.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 180_000;

export interface Server {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn to the first 200 from /api/health. */
  startMs: number;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds (user + system) a process has used so far, from /proc (Linux). Per request,
 * far less sensitive to the machine's other load than req/s or wall time.
 */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

export async function startProduct(input: {
  port: number;
  databaseUrl: string;
  dir: string;
  appSecret: string;
  adminPassword: string;
  firmName: string;
  /** The Angular files to serve (the embedded default serves them); none when omitted. */
  portalDir?: string;
  /** Where its mail files go (`<dir>/mail` when omitted). */
  mailDir?: string;
}): Promise<Server> {
  // BENCH_PRODUCT_ROOT: another checkout of the product (e.g. `git archive` of a commit).
  const root = process.env.BENCH_PRODUCT_ROOT ?? ROOT;
  const main = join(root, 'dist/api/apps/api/src/main.js');
  const mode = process.env.BENCH_PRODUCT ?? 'auto';
  const dist = mode === 'dist' || (mode === 'auto' && (await builtIsCurrent(root, main)));
  // BENCH_PRODUCT_NODE_ARGS: node options for the product alone (not the baseline), say
  // `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it (Node refuses those in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_PRODUCT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const entry = [
    ...nodeArgs,
    ...(dist ? [main] : [...TS_NODE, join(root, 'apps/api/src/main.ts')]),
  ];
  const server = await start('product', entry, root, input.port, join(input.dir, 'product.log'), {
    NODE_ENV: 'test',
    PORT: String(input.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${input.port}`,
    DATABASE_URL: input.databaseUrl,
    APP_SECRET: input.appSecret,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: input.adminPassword,
    FIRM_NAME: input.firmName,
    DEMO_DATA: 'false',
    PORTAL_DIR: input.portalDir ?? '',
    MAIL_DIR: input.mailDir ?? join(input.dir, 'mail'),
    STORAGE_DIR: join(input.dir, 'files'),
  });
  return { ...server, name: dist ? 'product (dist/, built)' : 'product (sources, ts-node)' };
}

/** The build in dist/ is newer than every API and contracts source file (auto mode uses it). */
async function builtIsCurrent(root: string, main: string): Promise<boolean> {
  const built = await stat(main).catch(() => null);
  if (!built) return false;
  for (const dir of ['apps/api/src', 'libs/contracts/src']) {
    const files = await readdir(join(root, dir), { recursive: true });
    for (const file of files) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      if ((await stat(join(root, dir, file))).mtimeMs > built.mtimeMs) return false;
    }
  }
  return true;
}

export function startBaseline(input: {
  port: number;
  databaseUrl: string;
  dir: string;
  appSecret: string;
  firmName: string;
  /** Where the mail it delivers goes (`<dir>/baseline-mail` when omitted). */
  mailDir?: string;
}): Promise<Server> {
  // BENCH_BASELINE_NODE_ARGS: as BENCH_PRODUCT_NODE_ARGS, for the baseline.
  const nodeArgs = (process.env.BENCH_BASELINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return start(
    'baseline',
    [...nodeArgs, ...TS_NODE, join(ROOT, 'bench/baseline.ts')],
    ROOT,
    input.port,
    join(input.dir, 'baseline.log'),
    {
      BASELINE_PORT: String(input.port),
      DATABASE_URL: input.databaseUrl,
      APP_SECRET: input.appSecret,
      FIRM_NAME: input.firmName,
      // Its own folder: the bench counts each side's delivered mail.
      MAIL_DIR: input.mailDir ?? join(input.dir, 'baseline-mail'),
    },
  );
}

async function start(
  name: string,
  args: string[],
  root: string,
  port: number,
  logFile: string,
  env: Record<string, string>,
): Promise<Server> {
  // The server writes its output to the file itself. Piped through this process, every log line
  // would also cost the event loop that runs autocannon, and only the side that logs would pay.
  const log = openSync(logFile, 'w');
  const started = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, TS_NODE_PROJECT: join(root, 'test/tsconfig.json'), ...env },
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited before answering /api/health; see ${logFile}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) {
        return { name, url, port, pid: child.pid ?? 0, startMs: Date.now() - started, stop };
      }
    } catch {
      // not listening yet
    }
    // Start-up is reported to the first healthy answer: poll often enough to see it.
    await new Promise((r) => setTimeout(r, 20));
  }
  await stop();
  throw new Error(
    `${name} did not answer /api/health within ${READY_TIMEOUT_MS} ms; see ${logFile}`,
  );
}
