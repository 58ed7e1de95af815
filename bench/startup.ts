/**
 * Start-up to the first healthy answer on the embedded default (issue 11 item 5).
 *
 *   npm run bench:startup              # 5 pairs; BENCH_STARTUP_PAIRS=n for more
 *
 * The product as bench.ts starts it (bench/lib/processes.ts: the built dist/ main.js when it is
 * current, SQLite, mail to files, the portal's files served when built; spawn → /api/health
 * polled every 20 ms), each start measured in wall milliseconds and in the server's CPU
 * milliseconds (utime + stime from /proc at the first healthy answer; far less sensitive to the
 * machine's other load than the wall time). In order:
 *   1. cold: an empty database file (every migration applied, the first admin created) and an
 *      empty code cache (a fresh COMPILE_CACHE_DIR);
 *   2. the same empty database with the code cache the first start left;
 *   3. restarts on the migrated, seeded file (the smoke seed), A B A B: the code cache on, then
 *      off (COMPILE_CACHE_DIR=off), medians of each.
 * Prints a summary with the load average and writes bench/results/startup-<date>.json.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPortFree } from '../test/support/ports';
import { median } from './lib/load';
import { processCpuMs, ROOT, startProduct } from './lib/processes';
import { writeJsonResult } from './lib/results';
import { seed } from './lib/seed';
import { SIZES } from './lib/sizes';

interface Start {
  wallMs: number;
  cpuMs: number;
  load: number;
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) if (await isPortFree(port)) return port;
  throw new Error(`no free port from ${from}`);
}

async function main(): Promise<void> {
  const pairs = Number(process.env.BENCH_STARTUP_PAIRS ?? 5);
  const dir = await mkdtemp(join(tmpdir(), 'bench-startup-'));
  const cacheDir = join(dir, 'code-cache');
  const file = join(dir, 'portal.sqlite');
  const portal = join(ROOT, 'dist/portal/browser');
  const options = {
    port: await freePort(Number(process.env.BENCH_PORT ?? 4700)),
    databaseUrl: `sqlite:${file}`,
    dir,
    appSecret: randomBytes(32).toString('hex'),
    adminPassword: 'bench-admin-passphrase-7f3a',
    firmName: 'Bench & Partners',
    portalDir: existsSync(join(portal, 'index.html')) ? portal : undefined,
  };
  let name = '';
  const startOnce = async (codeCache: string): Promise<Start> => {
    process.env.COMPILE_CACHE_DIR = codeCache;
    const product = await startProduct(options);
    const result = {
      wallMs: product.startMs,
      cpuMs: processCpuMs(product.pid),
      load: loadavg()[0],
    };
    name = product.name;
    // Long enough for the server to write its code cache (a second after listening).
    await new Promise((r) => setTimeout(r, 1500));
    await product.stop();
    return result;
  };
  try {
    const cold = await startOnce(cacheDir);
    await rm(file, { force: true });
    await rm(`${file}-wal`, { force: true });
    await rm(`${file}-shm`, { force: true });
    const firstWarm = await startOnce(cacheDir);
    const db = new Database(file);
    db.pragma('busy_timeout = 10000');
    try {
      await seed(db, SIZES.smoke);
    } finally {
      db.close();
    }
    const on: Start[] = [];
    const off: Start[] = [];
    for (let i = 0; i < pairs; i++) {
      on.push(await startOnce(cacheDir));
      off.push(await startOnce('off'));
    }
    const summary = (starts: Start[]) => ({
      wallMs: starts.map((s) => s.wallMs),
      cpuMs: starts.map((s) => s.cpuMs),
      medianWallMs: median(starts.map((s) => s.wallMs)),
      medianCpuMs: median(starts.map((s) => s.cpuMs)),
      load: starts.map((s) => Math.round(s.load * 100) / 100),
    });
    const result = {
      date: new Date().toISOString(),
      product: name,
      cold,
      firstStartWarmCache: firstWarm,
      restartsCacheOn: summary(on),
      restartsCacheOff: summary(off),
    };
    const line = (label: string, s: Start) =>
      `${label}: ${s.wallMs} ms wall, ${s.cpuMs} ms CPU (load ${s.load.toFixed(2)})`;
    const restarts = (label: string, s: ReturnType<typeof summary>) =>
      `${label}: median ${s.medianWallMs} ms wall, ${s.medianCpuMs} ms CPU ` +
      `(wall ${s.wallMs.join(', ')}; CPU ${s.cpuMs.join(', ')}; load ${s.load.join(', ')})`;
    process.stdout.write(
      [
        `Start-up to the first healthy answer, ${name}, SQLite, mail to files${options.portalDir ? ', portal served' : ''}:`,
        line('  first start, empty file, no code cache', cold),
        line('  first start, empty file, code cache', firstWarm),
        restarts('  restarts, code cache', result.restartsCacheOn),
        restarts('  restarts, COMPILE_CACHE_DIR=off', result.restartsCacheOff),
        '',
      ].join('\n'),
    );
    const out = join(ROOT, 'bench/results');
    await mkdir(out, { recursive: true });
    const stamp = result.date.slice(0, 16).replace(/:/g, '');
    await writeJsonResult(join(out, `startup-${stamp}.json`), result);
  } finally {
    delete process.env.COMPILE_CACHE_DIR;
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
