/**
 * Hot-path benchmark (issue 11 item 1): the product against a bare node:http + mysql2 baseline.
 *
 *   npm run bench                       # small, then large; results in bench/results/
 *   npm run bench -- --size small       # one size (small | large)
 *   npm run bench:smoke                 # tiny seed (twice), 1 pair of 2 s runs: proves the bench works
 *
 * Starts its own MariaDB (test/support/mariadb.ts, own data dir, first free port from 3407), and
 * for each size a fresh database, the product (which applies its migrations) and the baseline,
 * each its own process on its own port. Seeds the product's tables in bulk (bench/lib/seed.ts),
 * checks that both servers give the same answers, counts the SQL statements per request from
 * the general log, then runs autocannon against product and baseline alternately (A B A B …,
 * medians) for link status, redeem (a fresh token per request), the dashboard of a client with
 * 150 open + 150 completed tasks and a task detail. Last, the product's purge of expired links
 * (POST /api/admin/maintenance/purge) with redeem and status p99 measured before and during it,
 * on both sides at once (the baseline's requests show what the same purge does to bare ones).
 * Then the embedded default (SQLite, mail to files, the portal's files served): start-up to the
 * first healthy answer (first start on an empty file with its migrations, then restarts), and
 * link status and the dashboard against the baseline on the same SQLite file (better-sqlite3).
 * Between the two sizes, latency at large ÷ small is also measured with both sizes' servers up
 * and their runs interleaved (measureScaling).
 *
 * Knobs: BENCH_SECONDS (per run), BENCH_PAIRS, BENCH_CONNECTIONS, BENCH_PORT (first port tried),
 * BENCH_PRODUCT=dist (run the built product instead of the sources), BENCH_DATA_PARENT (the folder
 * MariaDB's data dir goes in; the report names its filesystem and mount options).
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';
import {
  createDatabase,
  dropDatabase,
  type MariaDbServer,
  scratchParent,
  startMariaDb,
} from '../test/support/mariadb';
import { isPortFree } from '../test/support/ports';
import { type Filesystem, filesystemOf, filesystemText } from './lib/filesystem';
import { waitFor } from '../test/support/raw-http';
import { type Check, cookieShape, sameAnswer } from './lib/compare';
import { type Answer, median, type Req, round, run, type RunResult, send, UA } from './lib/load';
import { paced, type Sample, summarize } from './lib/paced';
import { processCpuMs, ROOT, type Server, startBaseline, startProduct } from './lib/processes';
import { resultsStamp, writeJsonResult } from './lib/results';
import { type Fixture, seed, seedExpiredLinks, sqlTime } from './lib/seed';
import { type Quiet, waitForQuietDatabase } from './lib/quiet';
import { type SizeName, SIZES } from './lib/sizes';
import { countStatements, type StatementCount } from './lib/sql-count';

const FIRM = 'Bench & Partners';
const ADMIN_PASSWORD = 'bench-admin-passphrase-7f3a';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

type EndpointKey = 'status' | 'redeem' | 'dashboard' | 'detail';
const ALL_ENDPOINTS: { key: EndpointKey; label: string }[] = [
  { key: 'status', label: 'link status' },
  { key: 'redeem', label: 'redeem' },
  { key: 'dashboard', label: 'dashboard (150+150)' },
  { key: 'detail', label: 'task detail' },
];
/** BENCH_ENDPOINTS=status,redeem: only these (say, to profile one); all four by default. */
const ENDPOINTS = chosenEndpoints(process.env.BENCH_ENDPOINTS);

function chosenEndpoints(setting: string | undefined): typeof ALL_ENDPOINTS {
  if (!setting) return ALL_ENDPOINTS;
  const keys = setting.split(',').map((k) => k.trim());
  const unknown = keys.filter((k) => !ALL_ENDPOINTS.some((e) => e.key === k));
  if (unknown.length) {
    throw new Error(
      `BENCH_ENDPOINTS: unknown ${unknown.join(', ')} (status, redeem, dashboard, detail)`,
    );
  }
  return ALL_ENDPOINTS.filter((e) => keys.includes(e.key));
}

interface Settings {
  smoke: boolean;
  sizes: SizeName[];
  seconds: number;
  warmupSeconds: number;
  pairs: number;
  connections: number;
  countRequests: number;
  purgeSeconds: number;
  /** Each steady-rate run (measureSteady), and how many pairs of them. */
  steadySeconds: number;
  steadyPairs: number;
  /** BENCH_PRODUCT_NODE_ARGS / BENCH_BASELINE_NODE_ARGS of a diagnostic run, on record. */
  nodeArgs: { product: string; baseline: string };
  /**
   * Where MariaDB's data dir goes (BENCH_DATA_PARENT; the temporary folder by default) and the
   * filesystem it is on: its mount options decide what the purge's file deletions cost every
   * commit beside them (bench/lib/filesystem.ts).
   */
  dataParent: string;
  dataFilesystem: Filesystem | null;
}

interface SideResult {
  runs: RunResult[];
  rps: number;
  p50: number;
  p99: number;
  /** The server process's CPU milliseconds per request in each run (user + system), median. */
  cpuMsPerRequest: number;
  /** mariadbd's CPU milliseconds per request in the same runs (null on SQLite). */
  databaseCpuMsPerRequest: number | null;
  /**
   * MariaDB's global counters per request over the same runs (median), everything the server
   * did while the side ran, its background jobs included: what the idle count above leaves out.
   */
  databaseCountersPerRequest: Record<string, number> | null;
  /**
   * Redeem: mails the side's own delivery marked sent during its runs, per request (median). The
   * new-device notices of the last moments of a run are settled unsent, so a little under 1.
   */
  mailDeliveredPerRequest: number | null;
  sql: StatementCount;
}

interface EndpointResult {
  product: SideResult;
  baseline: SideResult;
  ratio: number;
  /** The same endpoint at a steady, moderate rate (MariaDB only; measureSteady). */
  steady?: SteadyResult;
}

/** One side at a steady rate: medians over its runs. */
interface SteadySide {
  runs: RunResult[];
  p50: number;
  p99: number;
}

function steadySide(runs: RunResult[]): SteadySide {
  return { runs, p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) };
}

interface SteadyResult {
  rate: number;
  connections: number;
  /** The wait, before the steady runs, until MariaDB had flushed what the runs before wrote. */
  quiet: Quiet;
  product: SteadySide;
  baseline: SteadySide;
}

/**
 * A steady, moderate load (bench/lib/paced.ts): a fixed rate well under what either side serves
 * at saturation, so the latency is what the request itself takes (its queries on this size of
 * data), not the time it queued behind others on 2 busy cores. The purge's before/during runs
 * use it too.
 */
const STEADY = { rate: 40, connections: 4 } as const;

interface PurgeResult extends PurgeSide {
  expiredLinks: number;
  /** The wait after seeding the expired links until MariaDB had flushed them. */
  quiet: Quiet;
  seconds: number;
  deleted: unknown;
  linksPerSecond: number;
  left: number;
  /**
   * The baseline's requests, sent at the same rate at the same time as the product's (this
   * result's own before/during), to the same database: what the purge does to a bare redeem and
   * status (the purge itself is the product's).
   */
  baseline: PurgeSide;
}

/** One side's steady redeem and status runs before and during the purge. */
interface PurgeSide {
  before: { status: RunResult; redeem: RunResult };
  during: { status: RunResult; redeem: RunResult };
  redeemP99Ratio: number;
  statusP99Ratio: number;
  /**
   * The first request of each load (new connection, every load starting at once), kept out of
   * both windows: what the "during" p99 was when each window had a run of its own.
   */
  firstRequestMs: { status: number; redeem: number };
}

/** The embedded default: SQLite file, mail to files, portal served. */
interface SqliteResult {
  size: SizeName;
  product: string;
  /** Spawn to first 200 from /api/health: empty file (migrations), then restarts on the seeded file. */
  startup: {
    /** What the kernel still had to write before the first start, and how long `sync` took. */
    diskFlush: DiskFlush;
    firstMs: number;
    restartsMs: number[];
    medianRestartMs: number | null;
    load: number[];
  };
  rows: Record<string, number>;
  seedSeconds: number;
  checks: Check[];
  endpoints: Partial<Record<EndpointKey, EndpointResult>>;
}

interface SizeResult {
  size: SizeName;
  rows: Record<string, number>;
  seedSeconds: number;
  /** The wait after the seed until MariaDB had flushed it (bench/lib/quiet.ts). */
  quiet: Quiet;
  product: string;
  productStartMs: number;
  baselineStartMs: number;
  checks: Check[];
  endpoints: Partial<Record<EndpointKey, EndpointResult>>;
  redeemTokensUsed: number;
  /**
   * Redeem requests that found the pool used up (declined: they repeat its last token), this
   * size's and, after the interleaved runs, the earlier size's too. 0 unless the pool is too small.
   */
  redeemPoolOverrun: number;
  purge?: PurgeResult;
  /** The latency of this size's requests interleaved with the earlier size's (measureScaling). */
  scaling?: ScalingResult;
}

function settings(): Settings {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const sizeArg = args.find((a) => a.startsWith('--size'));
  const sizeValue = sizeArg?.includes('=')
    ? sizeArg.split('=')[1]
    : args[args.indexOf('--size') + 1];
  // `--size sqlite`: only the embedded-default phase (no MariaDB sizes).
  // Smoke: the tiny size twice, so the interleaved phase runs as in a full run (measureScaling).
  const sizes = smoke
    ? (['smoke', 'smoke'] as SizeName[])
    : ((sizeArg ? sizeValue.split(',') : ['small', 'large']).filter(
        (x) => x !== 'sqlite',
      ) as SizeName[]);
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`Unknown size "${s}" (small, large)`);
  const num = (name: string, fallback: number): number =>
    process.env[name] ? Number(process.env[name]) : fallback;
  const dataParent = process.env.BENCH_DATA_PARENT || tmpdir();
  return {
    smoke,
    sizes,
    seconds: num('BENCH_SECONDS', smoke ? 2 : 5),
    warmupSeconds: smoke ? 0.5 : 2,
    pairs: num('BENCH_PAIRS', smoke ? 1 : 5),
    connections: num('BENCH_CONNECTIONS', 10),
    countRequests: smoke ? 5 : 30,
    purgeSeconds: smoke ? 1.5 : 5,
    steadySeconds: num('BENCH_STEADY_SECONDS', smoke ? 1 : 8),
    steadyPairs: num('BENCH_STEADY_PAIRS', smoke ? 1 : 3),
    nodeArgs: {
      product: process.env.BENCH_PRODUCT_NODE_ARGS ?? '',
      baseline: process.env.BENCH_BASELINE_NODE_ARGS ?? '',
    },
    dataParent,
    dataFilesystem: filesystemOf(dataParent),
  };
}

async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let p = Number(process.env.BENCH_PORT ?? 3407); ports.length < count && p < 3500; p++) {
    if (await isPortFree(p)) ports.push(p);
  }
  if (ports.length < count) throw new Error('No free ports between 3407 and 3500');
  return ports;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const s = settings();
  const started = new Date();
  const dir = await mkdtemp(join(tmpdir(), 'portal-bench-'));
  const [dbPort, productPort, baselinePort, againProductPort, againBaselinePort] =
    await freePorts(5);
  log(
    `bench: ${s.sizes.join(', ')}; ${s.pairs} pair(s) of ${s.seconds} s runs, ${s.connections} connections; ` +
      `ports ${dbPort} (MariaDB), ${productPort} (product), ${baselinePort} (baseline); load ${loadText()}`,
  );
  if (s.sizes.length) {
    log(`bench: MariaDB's data dir under ${filesystemText(s.dataParent, s.dataFilesystem)}`);
    if (s.dataFilesystem?.onlineDiscard) {
      log(
        "   (online discard: deleting the purge's month files stalls every commit on this " +
          "filesystem, the product's and the baseline's; BENCH_DATA_PARENT=<a folder on a " +
          'filesystem without it>, see README)',
      );
    }
  }
  const db = s.sizes.length
    ? await startMariaDb({
        port: dbPort,
        serverArgs: [
          '--innodb-buffer-pool-size=2G',
          '--max-connections=300',
          // BENCH_MARIADB_ARGS: more server options, say a slow query log for a diagnosis.
          ...(process.env.BENCH_MARIADB_ARGS ?? '').split(' ').filter(Boolean),
        ],
        durable: true, // on disk, MariaDB's durable defaults: production-like
        dataParent: s.dataParent,
      })
    : null;
  const results: SizeResult[] = [];
  const stamp = await resultsStamp(join(ROOT, 'bench/results'), started);
  // Written after every phase, so a long large run leaves what it measured so far.
  let sqlite: SqliteResult | undefined;
  const save = async (partial: SizeResult[], print: boolean): Promise<void> => {
    const report = await buildReport(s, started, partial, sqlite);
    if (print) log(`\n${report.markdown}`);
    if (s.smoke) return;
    const out = join(ROOT, 'bench/results');
    await mkdir(out, { recursive: true });
    const file = join(out, `${stamp}.json`);
    await writeJsonResult(file, report.json);
    await writeFile(join(out, `${stamp}.md`), report.markdown);
    if (print) log(`results: bench/results/${stamp}.json and .md`);
  };
  let failed = false;
  // Each size but the last keeps its database for the next size's interleaved latency runs.
  let kept: KeptSize | null = null;
  try {
    for (const [i, size] of s.sizes.entries()) {
      const { result, kept: next } = await runSize(
        s,
        i,
        size,
        db!,
        dir,
        { productPort, baselinePort },
        (r) => save([...results, r], false),
        {
          keep: i < s.sizes.length - 1 && s.steadyPairs > 0,
          against: kept,
          ports: { productPort: againProductPort, baselinePort: againBaselinePort },
        },
      );
      await kept?.release();
      kept = next;
      results.push(result);
      failed ||= result.checks.some((c) => !c.ok);
    }
  } finally {
    await kept?.release();
    await db?.stop();
  }
  if (process.env.BENCH_SQLITE !== 'false') {
    sqlite = await runSqlite(s, dir, { productPort, baselinePort });
    failed ||= sqlite.checks.some((c) => !c.ok);
  }
  await save(results, true);
  if (s.smoke) {
    const non2xx = [...results, ...(sqlite ? [sqlite] : [])].flatMap((r) =>
      [...Object.entries(r.endpoints), ...('scaling' in r ? scalingEntries(r) : [])].flatMap(
        ([key, e]) =>
          allRuns(e)
            .filter((x) => x.non2xx > 0)
            .map((x) => `${key}: ${x.non2xx} non-2xx answers`),
      ),
    );
    if (non2xx.length) {
      log(`FAIL: ${non2xx.join('; ')}`);
      failed = true;
    }
  }
  if (failed) {
    log(`FAIL (server logs kept in ${dir})`);
    process.exitCode = 1;
  } else {
    await rm(dir, { recursive: true, force: true });
    log('PASS');
  }
}

/** The two servers of a size, up. */
type ServerPair = [product: Server, baseline: Server];

/** Starts a size's product and baseline on these ports (logs and files in `dir`). */
async function startServers(
  env: { productUrl: string; baselineUrl: string; appSecret: string; mail: MailFolders },
  dir: string,
  ports: Ports,
): Promise<ServerPair> {
  await mkdir(dir, { recursive: true });
  const [productStart, baselineStart] = await Promise.allSettled([
    startProduct({
      port: ports.productPort,
      databaseUrl: env.productUrl,
      dir,
      appSecret: env.appSecret,
      adminPassword: ADMIN_PASSWORD,
      firmName: FIRM,
      mailDir: env.mail.product,
    }),
    startBaseline({
      port: ports.baselinePort,
      databaseUrl: env.baselineUrl,
      dir,
      appSecret: env.appSecret,
      firmName: FIRM,
      mailDir: env.mail.baseline,
    }),
  ]);
  if (productStart.status === 'rejected' || baselineStart.status === 'rejected') {
    if (productStart.status === 'fulfilled') await productStart.value.stop();
    if (baselineStart.status === 'fulfilled') await baselineStart.value.stop();
    throw productStart.status === 'rejected'
      ? productStart.reason
      : (baselineStart as PromiseRejectedResult).reason;
  }
  return [productStart.value, baselineStart.value];
}

interface Ports {
  productPort: number;
  baselinePort: number;
}

/**
 * A size's database and traffic, kept after its own runs (its servers stopped) so that its
 * servers can start again beside the next size's: the interleaved latency runs
 * (measureScaling). `release` drops it.
 */
interface KeptSize {
  size: SizeName;
  start(ports: Ports): Promise<ServerPair>;
  traffic: Traffic;
  control: Connection;
  release(): Promise<void>;
}

/**
 * One size: its database, servers, seed, checks and runs (then the purge). `keep`: its database
 * stays for the next size's interleaved runs (returned as `kept`). `against`: the size kept
 * before, measured interleaved with this one (its servers on `scaling.ports`).
 */
async function runSize(
  s: Settings,
  index: number,
  sizeName: SizeName,
  db: MariaDbServer,
  dir: string,
  ports: Ports,
  progress: (partial: SizeResult) => Promise<void>,
  scaling: { keep: boolean; against: KeptSize | null; ports: Ports },
): Promise<{ result: SizeResult; kept: KeptSize | null }> {
  const size = SIZES[sizeName];
  const databaseUrl = await createDatabase(db.rootUrl);
  // Each server connects as its own MariaDB user, so the general log tells their statements apart
  // (one pair per size: the earlier size's servers start again beside this one's, measureScaling).
  const sizeDir = join(dir, `${index + 1}-${sizeName}`);
  await mkdir(sizeDir, { recursive: true });
  const env = {
    productUrl: await addUser(databaseUrl, `bench_product_${index}`),
    baselineUrl: await addUser(databaseUrl, `bench_baseline_${index}`),
    appSecret: randomBytes(32).toString('hex'),
    mail: await mailFolders(sizeDir),
  };
  log(
    `\n== ${sizeName}: starting the product (migrations) and the baseline; mail in ${env.mail.root}`,
  );
  const servers = await startServers(env, sizeDir, ports).catch(async (error: unknown) => {
    await dropDatabase(databaseUrl);
    await env.mail.remove();
    throw error;
  });
  const [product, baseline] = servers;
  const control = await createConnection({
    uri: databaseUrl.replace(/^mariadb:/, 'mysql:'),
    timezone: 'Z',
    multipleStatements: false,
  });
  const release = async (): Promise<void> => {
    await control.end();
    await dropDatabase(databaseUrl);
    await env.mail.remove();
  };
  let kept: KeptSize | null = null;
  try {
    log(
      `   ${product.name} up in ${product.startMs} ms, baseline in ${baseline.startMs} ms; seeding…`,
    );
    const fixture = await seed(control, size);
    log(
      `   seeded in ${fixture.seconds.toFixed(1)} s: ${Object.entries(fixture.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    const quiet = await waitForQuietDatabase(control, QUIET_MAX_SECONDS);
    log(`   ${quietText(quiet)}`);
    const traffic = new Traffic(fixture);
    const self: KeptSize = {
      size: sizeName,
      start: (at) => startServers(env, join(sizeDir, 'again'), at),
      traffic,
      control,
      release,
    };
    const checks = await compare(product, baseline, traffic);
    checks.push(await bothDelivered(env.mail));
    for (const c of checks) log(`   ${c.ok ? 'same' : 'DIFFERENT'}: ${c.name}: ${c.detail}`);
    const result: SizeResult = {
      size: sizeName,
      rows: fixture.rows,
      seedSeconds: round(fixture.seconds, 1),
      quiet,
      product: product.name,
      productStartMs: product.startMs,
      baselineStartMs: baseline.startMs,
      checks,
      endpoints: {},
      redeemTokensUsed: 0,
      redeemPoolOverrun: 0,
    };
    if (checks.some((c) => !c.ok)) return { result, kept };

    const counts = await countAll(s, product, baseline, traffic, control, index);
    for (const { key, label } of ENDPOINTS) {
      result.endpoints[key] = await measureEndpoint({
        s,
        key,
        label,
        product,
        baseline,
        traffic,
        control,
        sql: counts[key],
        databasePid: db.pid(),
      });
    }
    result.redeemTokensUsed = traffic.redeemUsed();
    await progress(result);
    const against = scaling.against;
    if (against && s.steadyPairs > 0) {
      result.scaling = await measureScaling(
        s,
        against,
        { size: sizeName, servers, traffic, control },
        scaling.ports,
      );
      await progress(result);
    }
    if (process.env.BENCH_PURGE !== 'false') {
      result.purge = await measurePurge({
        s,
        product,
        baseline,
        traffic,
        control,
        fixture,
      });
      await progress(result);
    }
    result.redeemPoolOverrun = traffic.redeemOverrun() + (against?.traffic.redeemOverrun() ?? 0);
    if (scaling.keep) kept = self;
    return { result, kept };
  } finally {
    await baseline.stop();
    await product.stop();
    if (!kept) await release();
  }
}

interface MailFolders {
  root: string;
  product: string;
  baseline: string;
  remove(): Promise<void>;
}

/**
 * Each side's mail folder. On tmpfs (/dev/shm, when it has room: scratchParent) unless
 * BENCH_MAIL_ON_DISK=true: creating a file on this VM's ext4 (no journal) costs 0.1-0.4 ms of
 * kernel CPU, depending on which block group the folder landed in and how many files were
 * deleted there in the last 30 s (`find_inode_bit`, `recently_deleted`), and on tmpfs a steady
 * 0.02-0.03 ms. Both sides write one file per mail, so the disk would decide the redeem ratio by
 * where each folder landed. Production sends through SMTP and makes no file.
 */
async function mailFolders(sizeDir: string): Promise<MailFolders> {
  const parent = process.env.BENCH_MAIL_ON_DISK === 'true' ? null : await scratchParent();
  const onTmpfs = parent !== null && parent !== tmpdir();
  const root = onTmpfs ? await mkdtemp(join(parent, 'portal-bench-mail-')) : sizeDir;
  return {
    root,
    product: join(root, 'mail'),
    baseline: join(root, 'baseline-mail'),
    remove: () =>
      onTmpfs ? rm(root, { recursive: true, force: true }) : Promise.resolve(undefined),
  };
}

const NO_COUNT: StatementCount = {
  requests: 0,
  perRequest: 0,
  counted: 0,
  background: 0,
  tmpDiskTablesPerRequest: 0,
  tmpTablesPerRequest: 0,
  statements: [],
};

interface DiskFlush {
  /** Dirty + Writeback in /proc/meminfo before `sync`, kB. */
  pendingKb: number;
  seconds: number;
}

/** Waits, with `sync`, until the kernel has written out every dirty page. */
async function flushDisk(): Promise<DiskFlush> {
  const meminfo = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
  const started = Date.now();
  execFileSync('sync');
  return { pendingKb: kb('Dirty') + kb('Writeback'), seconds: (Date.now() - started) / 1000 };
}

function diskFlushText(f: DiskFlush): string {
  return `${Math.round(f.pendingKb / 1024)} MB waiting to be written, flushed in ${round(f.seconds, 1)} s`;
}

/**
 * The embedded default (SQLite): start-up to the first healthy answer, then link status and the
 * dashboard, product against the baseline on the same file (better-sqlite3, the same minimal
 * statements), A B A B. The first start creates the file and applies every migration; the file is
 * then seeded (the small size; smoke: the tiny one) and the product restarted on it.
 */
async function runSqlite(
  s: Settings,
  dir: string,
  ports: { productPort: number; baselinePort: number },
): Promise<SqliteResult> {
  const sizeName: SizeName = s.smoke ? 'smoke' : 'small';
  const sqliteDir = join(dir, 'sqlite');
  await mkdir(sqliteDir, { recursive: true });
  const file = join(sqliteDir, 'portal.sqlite');
  const databaseUrl = `sqlite:${file}`;
  const appSecret = randomBytes(32).toString('hex');
  const portal = join(ROOT, 'dist/portal/browser');
  const options = {
    port: ports.productPort,
    databaseUrl,
    dir: sqliteDir,
    appSecret,
    adminPassword: ADMIN_PASSWORD,
    firmName: FIRM,
    portalDir: existsSync(join(portal, 'index.html')) ? portal : undefined,
  };
  log(`\n== embedded default (SQLite, ${sizeName}): first start on an empty file`);
  // The MariaDB phases may leave the kernel writing back what mariadbd wrote, and a first
  // start's SQLite commits would wait behind it: the start-ups are timed once the disk is done.
  const diskFlush = await flushDisk();
  log(`   ${diskFlushText(diskFlush)}`);
  const load = [loadavg()[0]];
  let product = await startProduct(options);
  const firstMs = product.startMs;
  const restartsMs: number[] = [];
  let baseline: Server | undefined;
  try {
    const db = new Database(file);
    db.pragma('busy_timeout = 10000');
    let fixture: Fixture;
    try {
      fixture = await seed(db, SIZES[sizeName]);
    } finally {
      db.close();
    }
    log(
      `   ${product.name}: first start ${firstMs} ms (migrations); seeded in ${fixture.seconds.toFixed(1)} s`,
    );
    for (let i = 0; i < (s.smoke ? 1 : 5); i++) {
      await product.stop();
      product = await startProduct(options);
      restartsMs.push(product.startMs);
      load.push(loadavg()[0]);
    }
    log(`   restarts: ${restartsMs.join(', ')} ms; load ${loadText()}`);
    baseline = await startBaseline({
      port: ports.baselinePort,
      databaseUrl,
      dir: sqliteDir,
      appSecret,
      firmName: FIRM,
    });
    const traffic = new Traffic(fixture);
    const checks = await compareReads(product, baseline, traffic);
    for (const c of checks) log(`   ${c.ok ? 'same' : 'DIFFERENT'}: ${c.name}: ${c.detail}`);
    const sorted = [...restartsMs].sort((a, b) => a - b);
    const result: SqliteResult = {
      size: sizeName,
      product: product.name,
      startup: {
        diskFlush,
        firstMs,
        restartsMs,
        medianRestartMs: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
        load: load.map((x) => round(x, 2)),
      },
      rows: fixture.rows,
      seedSeconds: round(fixture.seconds, 1),
      checks,
      endpoints: {},
    };
    if (checks.some((c) => !c.ok)) return result;
    for (const { key, label } of ENDPOINTS) {
      if (key !== 'status' && key !== 'dashboard') continue;
      result.endpoints[key] = await measureEndpoint({
        s,
        key,
        label: `${label} (SQLite)`,
        product,
        baseline,
        traffic,
        control: null,
        sql: { product: NO_COUNT, baseline: NO_COUNT },
        databasePid: null,
      });
    }
    return result;
  } finally {
    await baseline?.stop();
    await product.stop();
  }
}

/** The read-only comparisons (status and dashboard): same status, same JSON. */
async function compareReads(product: Server, baseline: Server, traffic: Traffic): Promise<Check[]> {
  const { statusTokens, heavy } = traffic.fixture;
  const checks: Check[] = [];
  const exact = async (name: string, r: Req): Promise<void> => {
    checks.push(sameAnswer(name, await send(product.url, r), await send(baseline.url, r), true));
  };
  await exact('link status (ready)', statusRequest(statusTokens[0]));
  await exact('link status (unknown)', statusRequest(randomBytes(32).toString('base64url')));
  await exact('dashboard', meRequest('/api/me/tasks', heavy[0].deviceSecret));
  await exact(
    'dashboard (unknown device)',
    meRequest('/api/me/tasks', randomBytes(32).toString('base64url')),
  );
  return checks;
}

/** A user with every privilege on the database of `databaseUrl`; returns its URL. */
async function addUser(databaseUrl: string, user: string): Promise<string> {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const database = url.pathname.slice(1);
  const password = randomBytes(12).toString('hex');
  const admin = await createConnection(url.toString());
  try {
    for (const host of ['127.0.0.1', 'localhost']) {
      await admin.query(`CREATE OR REPLACE USER ?@? IDENTIFIED BY ?`, [user, host, password]);
      await admin.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@?`, [user, host]);
    }
  } finally {
    await admin.end();
  }
  url.username = user;
  url.password = password;
  return url.toString().replace(/^mysql:/, 'mariadb:');
}

/** Builds every request: rotating status tokens and devices, a fresh redeem token each time. */
class Traffic {
  private redeemCursor = 0;
  private readonly redeemLimit: number;
  /** Two tokens of the same client, kept for the comparison (same tasks on both sides). */
  readonly comparePair: [string, string];

  constructor(readonly fixture: Fixture) {
    const tokens = fixture.redeemTokens;
    const cycle = fixture.size.clients - fixture.size.heavyClients;
    this.comparePair = [tokens[tokens.length - 1], tokens[tokens.length - 1 - cycle]];
    this.redeemLimit = tokens.length - 1 - cycle;
  }

  redeemUsed(): number {
    return this.redeemCursor;
  }

  /**
   * Redeem requests that found the pool used up (they asked with its last token again and were
   * declined): the size's redeemPool is too small for this run's pairs and speed.
   */
  redeemOverrun(): number {
    return Math.max(0, this.redeemCursor - this.redeemLimit);
  }

  generator(key: EndpointKey): () => Req {
    const { statusTokens, heavy } = this.fixture;
    let i = 0;
    switch (key) {
      case 'status':
        return () => statusRequest(statusTokens[i++ % statusTokens.length]);
      case 'redeem':
        return () => {
          const index = Math.min(this.redeemCursor++, this.redeemLimit - 1);
          return redeemRequest(this.fixture.redeemTokens[index]);
        };
      case 'dashboard':
        return () => meRequest('/api/me/tasks', heavy[i++ % heavy.length].deviceSecret);
      case 'detail':
        return () => {
          const h = heavy[i++ % heavy.length];
          return meRequest(`/api/me/tasks/${h.detailTaskId}`, h.deviceSecret);
        };
    }
  }
}

const statusRequest = (token: string, cookie?: string): Req => ({
  method: 'POST',
  path: '/api/links/status',
  headers: {
    ...JSON_HEADERS,
    'user-agent': UA,
    ...(cookie ? { cookie: `cp_device=${cookie}`, 'x-requested-with': 'XMLHttpRequest' } : {}),
  },
  body: JSON.stringify({ token }),
});

const redeemRequest = (token: string): Req => ({
  method: 'POST',
  path: '/api/links/redeem',
  headers: { ...JSON_HEADERS, 'user-agent': UA, 'x-requested-with': 'XMLHttpRequest' },
  body: JSON.stringify({ token }),
});

const meRequest = (path: string, secret: string): Req => ({
  method: 'GET',
  path,
  headers: { accept: 'application/json', 'user-agent': UA, cookie: `cp_device=${secret}` },
});

function cookieSecret(answer: Answer): string {
  const raw = answer.headers['set-cookie'];
  const first = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  return /cp_device=([A-Za-z0-9_-]{43})/.exec(first)?.[1] ?? '';
}

/** Same request to both sides (redeem: two tokens of the same client), same answer expected. */
async function compare(product: Server, baseline: Server, traffic: Traffic): Promise<Check[]> {
  const { statusTokens, heavy } = traffic.fixture;
  const both = async (r: Req): Promise<[Answer, Answer]> => [
    await send(product.url, r),
    await send(baseline.url, r),
  ];
  const checks: Check[] = [];
  const exact = async (name: string, r: Req): Promise<void> => {
    const [a, b] = await both(r);
    checks.push(sameAnswer(name, a, b, true));
  };
  await exact('link status (ready)', statusRequest(statusTokens[0]));
  await exact('link status (unknown)', statusRequest(randomBytes(32).toString('base64url')));
  await exact('dashboard', meRequest('/api/me/tasks', heavy[0].deviceSecret));
  await exact(
    'task detail',
    meRequest(`/api/me/tasks/${heavy[0].detailTaskId}`, heavy[0].deviceSecret),
  );
  await exact(
    'task detail (not in scope)',
    meRequest('/api/me/tasks/00000000-0000-4000-8000-000000000000', heavy[0].deviceSecret),
  );
  await exact(
    'dashboard (unknown device)',
    meRequest('/api/me/tasks', randomBytes(32).toString('base64url')),
  );

  const [tokenA, tokenB] = traffic.comparePair;
  const a = await send(product.url, redeemRequest(tokenA));
  const b = await send(baseline.url, redeemRequest(tokenB));
  checks.push(sameAnswer('redeem (same client, new device)', a, b, true));
  const cookies = [cookieShape(a), cookieShape(b)];
  checks.push({
    name: 'redeem device cookie',
    ok: cookies[0] === cookies[1] && cookies[0].startsWith('cp_device='),
    detail: cookies[0] === cookies[1] ? cookies[0] : `${cookies[0]} vs ${cookies[1]}`,
  });
  // Each side reads the device the other side made: same rows, same answers.
  const [deviceA, deviceB] = [cookieSecret(a), cookieSecret(b)];
  const crossA = await send(product.url, meRequest('/api/me/tasks', deviceB));
  const crossB = await send(baseline.url, meRequest('/api/me/tasks', deviceA));
  checks.push(sameAnswer('dashboard of the device the other side made', crossA, crossB, true));
  const trustedA = await send(product.url, statusRequest(tokenA, deviceA));
  const trustedB = await send(baseline.url, statusRequest(tokenB, deviceB));
  checks.push(sameAnswer('link status (trusted, own device)', trustedA, trustedB, false));
  const againA = await send(product.url, redeemRequest(tokenB));
  const againB = await send(baseline.url, redeemRequest(tokenA));
  checks.push(sameAnswer('redeem of a used link (declined)', againA, againB, true));
  const usedA = await send(product.url, statusRequest(tokenB));
  const usedB = await send(baseline.url, statusRequest(tokenB));
  checks.push(sameAnswer('link status (declined)', usedA, usedB, true));
  return checks;
}

/**
 * The compare step's redeems each queued the new-device notice (SPEC rule 8): each side delivers
 * its own (the product's outbox worker, the baseline's bare delivery), one `.eml` file each, in
 * at most a few polls. The runs then count that delivery on both sides.
 */
async function bothDelivered(mail: MailFolders): Promise<Check> {
  const files = async (folder: string): Promise<number> =>
    (await readdir(folder).catch(() => [])).filter((f) => f.endsWith('.eml')).length;
  let counts: number[] = [];
  await waitFor(async () => {
    counts = [await files(mail.product), await files(mail.baseline)];
    return counts.every((n) => n > 0);
  }, 15_000);
  return {
    name: 'new-device notice delivered by each side',
    ok: counts.every((n) => n > 0),
    detail: `product ${counts[0]} file(s), baseline ${counts[1]}`,
  };
}

/**
 * Mail the runs queued is marked sent, so no delivery work spills into the next run. The
 * product's outbox worker claims the same rows, so a deadlock is retried (it happened once).
 */
async function settleOutbox(control: Connection): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await control.query(
        "UPDATE mail_outbox SET status = 'sent', sent_at = ? WHERE status = 'pending'",
        [sqlTime(Date.now())],
      );
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ER_LOCK_DEADLOCK' || attempt >= 5) throw error;
    }
  }
}

type Counts = Record<'product' | 'baseline', StatementCount>;

/**
 * Statements per request, counted before any load (requests one after another, nothing else in
 * flight). Devices are touched first, so the once-a-minute last-seen update is not in the count.
 */
async function countAll(
  s: Settings,
  product: Server,
  baseline: Server,
  traffic: Traffic,
  control: Connection,
  /** Which size of the run: the servers' MariaDB users are `bench_<side>_<index>`. */
  index: number,
): Promise<Record<EndpointKey, Counts>> {
  for (const h of traffic.fixture.heavy) {
    await send(product.url, meRequest('/api/me/tasks', h.deviceSecret));
  }
  const counts: Partial<Record<EndpointKey, Counts>> = {};
  for (const { key, label } of ENDPOINTS) {
    const sides: Partial<Counts> = {};
    for (const [name, server] of [
      ['product', product],
      ['baseline', baseline],
    ] as const) {
      const next = traffic.generator(key);
      const user = `bench_${name}_${index}`;
      sides[name] = await countStatements(control, user, s.countRequests, async () => {
        const answer = await send(server.url, next());
        if (answer.status !== 200) {
          throw new Error(`${label} on the ${name} answered ${answer.status}: ${answer.text}`);
        }
      });
    }
    if (key === 'redeem') await settleOutbox(control);
    counts[key] = sides as Counts;
  }
  return counts as Record<EndpointKey, Counts>;
}

/** One endpoint to measure on both sides, and what the measurement reads. */
interface EndpointRun {
  s: Settings;
  key: EndpointKey;
  label: string;
  product: Server;
  baseline: Server;
  traffic: Traffic;
  /** MariaDB's counters, delivered mail and the steady runs; null on SQLite. */
  control: Connection | null;
  sql: Counts;
  /** mariadbd's pid (its CPU per request, per side), or null on SQLite (in the server). */
  databasePid: number | null;
}

async function measureEndpoint(endpoint: EndpointRun): Promise<EndpointResult> {
  const { s, key, label, product, baseline, traffic, control, sql, databasePid } = endpoint;
  const sides = [
    { name: 'product' as const, server: product },
    { name: 'baseline' as const, server: baseline },
  ];
  const after = (): Promise<void> => afterRun(key, control);
  for (const side of sides) {
    await run(side.server.url, traffic.generator(key), {
      seconds: s.warmupSeconds,
      connections: s.connections,
    });
    await after();
  }
  const runs: Record<'product' | 'baseline', RunResult[]> = { product: [], baseline: [] };
  const cpu: Record<'product' | 'baseline', number[]> = { product: [], baseline: [] };
  const dbCpu: Record<'product' | 'baseline', number[]> = { product: [], baseline: [] };
  const delivered: Record<'product' | 'baseline', number[]> = { product: [], baseline: [] };
  const dbCounters: Record<'product' | 'baseline', Record<string, number>[]> = {
    product: [],
    baseline: [],
  };
  for (let pair = 0; pair < s.pairs; pair++) {
    for (const side of sides) {
      const sentBefore = key === 'redeem' && control ? await deliveredMail(control) : 0;
      const cpuBefore = processCpuMs(side.server.pid);
      const dbBefore = databasePid ? processCpuMs(databasePid) : 0;
      const countersBefore = control ? await databaseCounters(control) : null;
      const result = await run(side.server.url, traffic.generator(key), {
        seconds: s.seconds,
        connections: s.connections,
      });
      // Read before the outbox is settled: each side's mail delivery during the run counts.
      cpu[side.name].push((processCpuMs(side.server.pid) - cpuBefore) / result.requests);
      if (databasePid) {
        dbCpu[side.name].push((processCpuMs(databasePid) - dbBefore) / result.requests);
      }
      if (control && countersBefore) {
        const after = await databaseCounters(control);
        dbCounters[side.name].push(
          Object.fromEntries(
            Object.entries(after).map(([k, v]) => [
              k,
              (v - (countersBefore[k] ?? 0)) / result.requests,
            ]),
          ),
        );
      }
      runs[side.name].push(result);
      if (key === 'redeem' && control) {
        delivered[side.name].push(((await deliveredMail(control)) - sentBefore) / result.requests);
      }
      await after();
    }
  }
  const side = (name: 'product' | 'baseline'): SideResult => ({
    runs: runs[name],
    rps: round(median(runs[name].map((r) => r.rps)), 1),
    p50: median(runs[name].map((r) => r.p50)),
    p99: median(runs[name].map((r) => r.p99)),
    cpuMsPerRequest: round(median(cpu[name]), 3),
    databaseCpuMsPerRequest: databasePid ? round(median(dbCpu[name]), 3) : null,
    mailDeliveredPerRequest: delivered[name].length ? round(median(delivered[name]), 3) : null,
    databaseCountersPerRequest: dbCounters[name].length
      ? Object.fromEntries(
          Object.keys(dbCounters[name][0]).map((k) => [
            k,
            round(median(dbCounters[name].map((c) => c[k])), 3),
          ]),
        )
      : null,
    sql: sql[name],
  });
  const result = { product: side('product'), baseline: side('baseline'), ratio: 0 };
  result.ratio = round(result.product.rps / result.baseline.rps, 2);
  const counted = (side: SideResult): string =>
    (side.sql.requests ? `, ${round(side.sql.perRequest)} SQL` : '') +
    (side.mailDeliveredPerRequest === null ? '' : `, ${side.mailDeliveredPerRequest} mail`);
  log(
    `   ${label}: product ${result.product.rps} req/s (p99 ${result.product.p99} ms${counted(result.product)}, ` +
      `${cpuText(result.product)}), baseline ${result.baseline.rps} req/s ` +
      `(p99 ${result.baseline.p99} ms${counted(result.baseline)}, ${cpuText(result.baseline)}), ` +
      `ratio ${result.ratio}; load ${loadText()}`,
  );
  // On MariaDB, the same endpoint at a steady rate too (its wait for a flushed database needs it).
  if (control && s.steadyPairs > 0) {
    return {
      ...result,
      steady: await measureSteady({ ...endpoint, control }),
    };
  }
  return result;
}

/** The interleaved runs of a size (measureScaling), each endpoint's as its runs. */
function scalingEntries(r: SizeResult): [string, { runs: RunResult[] }][] {
  return Object.entries(r.scaling?.endpoints ?? {}).map(([key, e]) => [
    `${key} (interleaved)`,
    {
      runs: [e.smaller.product, e.smaller.baseline, e.larger.product, e.larger.baseline].flatMap(
        (side) => side.runs,
      ),
    },
  ]);
}

/** The report's section on the interleaved runs. */
function scalingLines(sc: ScalingResult): string[] {
  const pair = (side: SteadySide): string => `${side.p50} / ${side.p99}`;
  return [
    `## Latency at ${sc.larger} ÷ ${sc.smaller}, interleaved`,
    '',
    `Both sizes in the same minutes: the ${sc.smaller} size's servers started again beside the ` +
      `${sc.larger} size's, each endpoint at a steady ${sc.rate} req/s (${sc.connections} connections) ` +
      `on the four servers in turn (${sc.smaller} product, ${sc.larger} product, ${sc.smaller} baseline, ` +
      `${sc.larger} baseline), ${sc.pairs} round(s) of ${sc.seconds} s runs, medians; ` +
      `${quietText(sc.quiet)} before.`,
    '',
    `| endpoint | product ${sc.smaller} p50 / p99 ms | product ${sc.larger} p50 / p99 ms | product ${sc.larger} ÷ ${sc.smaller} p50 / p99 | baseline ${sc.smaller} p50 / p99 ms | baseline ${sc.larger} p50 / p99 ms | baseline ${sc.larger} ÷ ${sc.smaller} p50 / p99 |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...ENDPOINTS.flatMap(({ key, label }) => {
      const e = sc.endpoints[key];
      return e
        ? [
            `| ${label} | ${pair(e.smaller.product)} | ${pair(e.larger.product)} | ` +
              `${e.product.p50} / ${e.product.p99} | ${pair(e.smaller.baseline)} | ` +
              `${pair(e.larger.baseline)} | ${e.baseline.p50} / ${e.baseline.p99} |`,
          ]
        : [];
    }),
    '',
  ];
}

/** Every run of an endpoint, at saturation and at the steady rate, both sides. */
function allRuns(e: EndpointResult | { runs: RunResult[] }): RunResult[] {
  if ('runs' in e) return e.runs;
  return [
    ...e.product.runs,
    ...e.baseline.runs,
    ...(e.steady ? [...e.steady.product.runs, ...e.steady.baseline.runs] : []),
  ];
}

/**
 * Between runs: autocannon stops sending at the end of a run and the requests still in flight
 * finish first; after redeem, the mail it queued is settled so the next run starts level.
 */
async function afterRun(key: EndpointKey, control: Connection | null): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  if (key === 'redeem' && control) await settleOutbox(control);
}

/**
 * The endpoint at STEADY's fixed rate, product and baseline alternately (A B A B …, medians):
 * the latency of the request itself, which is what "latency at large ÷ small" compares. At
 * saturation (measureEndpoint) the p99 is mostly time spent queued on 2 busy cores, and moves
 * as much for the baseline as for the product between sizes.
 */
async function measureSteady(
  endpoint: EndpointRun & { control: Connection },
): Promise<SteadyResult> {
  const { s, key, label, product, baseline, traffic, control } = endpoint;
  // The saturation runs just before left MariaDB pages to write out (thousands of redeems a
  // second at their peak); the steady runs start from a flushed database, as each size's first
  // runs do, so their tail is the request's and not that flush's.
  const quiet = await waitForQuietDatabase(control, QUIET_MAX_SECONDS);
  const runs: Record<'product' | 'baseline', RunResult[]> = { product: [], baseline: [] };
  for (let pair = 0; pair < s.steadyPairs; pair++) {
    for (const [name, server] of [
      ['product', product],
      ['baseline', baseline],
    ] as const) {
      runs[name].push(
        await paced(server.url, traffic.generator(key), { seconds: s.steadySeconds, ...STEADY }),
      );
      await afterRun(key, control);
    }
  }
  const result = {
    ...STEADY,
    quiet,
    product: steadySide(runs.product),
    baseline: steadySide(runs.baseline),
  };
  log(
    `   ${label} at a steady ${STEADY.rate} req/s: product p50 ${result.product.p50} / p99 ` +
      `${result.product.p99} ms, baseline p50 ${result.baseline.p50} / p99 ${result.baseline.p99} ms ` +
      `(${quietText(quiet)} before); load ${loadText()}`,
  );
  return result;
}

/** A size whose servers are up (measureScaling). */
interface LiveSize {
  size: SizeName;
  servers: ServerPair;
  traffic: Traffic;
  control: Connection;
}

/** One endpoint in the interleaved runs: each size's sides, and larger ÷ smaller of their medians. */
interface ScalingEndpoint {
  smaller: { product: SteadySide; baseline: SteadySide };
  larger: { product: SteadySide; baseline: SteadySide };
  product: { p50: number; p99: number };
  baseline: { p50: number; p99: number };
}

interface ScalingResult {
  smaller: SizeName;
  larger: SizeName;
  rate: number;
  connections: number;
  pairs: number;
  seconds: number;
  /** The wait, after the warm-up of the restarted servers, until MariaDB had flushed. */
  quiet: Quiet;
  endpoints: Partial<Record<EndpointKey, ScalingEndpoint>>;
}

/**
 * Latency at large ÷ small with both sizes measured in the same minutes. The earlier size's
 * database was kept; its product and baseline start again beside this size's (and are warmed
 * up: `warmupSeconds` of every endpoint), and then every endpoint runs at STEADY's rate on the
 * four servers in turn (smaller product, larger product, smaller baseline, larger baseline),
 * `steadyPairs` times, medians. Each size's own steady runs (measureSteady) are twenty minutes
 * and a 1M-row seed apart on a machine whose speed moves by a third from hour to hour: their
 * ratio compares two moments as much as two sizes.
 */
async function measureScaling(
  s: Settings,
  smaller: KeptSize,
  larger: LiveSize,
  ports: Ports,
): Promise<ScalingResult> {
  log(
    `\n== latency at ${larger.size} ÷ ${smaller.size}, interleaved: the ${smaller.size} servers start again`,
  );
  const again = await smaller.start(ports);
  try {
    for (const server of again) {
      for (const { key } of ENDPOINTS) {
        await run(server.url, smaller.traffic.generator(key), {
          seconds: s.warmupSeconds,
          connections: s.connections,
        });
        await afterRun(key, smaller.control);
      }
    }
    const quiet = await waitForQuietDatabase(larger.control, QUIET_MAX_SECONDS);
    const turns = [
      { size: 'smaller', side: 'product', server: again[0], at: smaller },
      { size: 'larger', side: 'product', server: larger.servers[0], at: larger },
      { size: 'smaller', side: 'baseline', server: again[1], at: smaller },
      { size: 'larger', side: 'baseline', server: larger.servers[1], at: larger },
    ] as const;
    const endpoints: ScalingResult['endpoints'] = {};
    for (const { key, label } of ENDPOINTS) {
      const runs = turns.map(() => [] as RunResult[]);
      for (let pair = 0; pair < s.steadyPairs; pair++) {
        for (const [i, turn] of turns.entries()) {
          runs[i].push(
            await paced(turn.server.url, turn.at.traffic.generator(key), {
              seconds: s.steadySeconds,
              ...STEADY,
            }),
          );
          await afterRun(key, turn.at.control);
        }
      }
      const sideOf = (size: 'smaller' | 'larger', side: 'product' | 'baseline'): SteadySide =>
        steadySide(runs[turns.findIndex((t) => t.size === size && t.side === side)]);
      const e: ScalingEndpoint = {
        smaller: { product: sideOf('smaller', 'product'), baseline: sideOf('smaller', 'baseline') },
        larger: { product: sideOf('larger', 'product'), baseline: sideOf('larger', 'baseline') },
        product: { p50: 0, p99: 0 },
        baseline: { p50: 0, p99: 0 },
      };
      for (const side of ['product', 'baseline'] as const) {
        e[side] = {
          p50: round(e.larger[side].p50 / e.smaller[side].p50),
          p99: round(e.larger[side].p99 / e.smaller[side].p99),
        };
      }
      endpoints[key] = e;
      log(
        `   ${label}: product p50 ${e.smaller.product.p50} → ${e.larger.product.p50} ms (×${e.product.p50}), ` +
          `p99 ${e.smaller.product.p99} → ${e.larger.product.p99} ms (×${e.product.p99}); baseline ` +
          `×${e.baseline.p50} / ×${e.baseline.p99}; load ${loadText()}`,
      );
    }
    return {
      smaller: smaller.size,
      larger: larger.size,
      ...STEADY,
      pairs: s.steadyPairs,
      seconds: s.steadySeconds,
      quiet,
      endpoints,
    };
  } finally {
    for (const server of again) await server.stop();
  }
}

/**
 * Mail a delivery marked sent (its attempt counted), not what settleOutbox marked. Read between
 * runs, outside the measured time.
 */
async function deliveredMail(control: Connection): Promise<number> {
  const [rows] = await control.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM mail_outbox WHERE status = 'sent' AND attempts > 0",
  );
  return Number(rows[0].n);
}

/** MariaDB's global counters a run's deltas are taken of (per request, both sides). */
const COUNTERS = [
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_set_option',
  'Com_stmt_execute',
  'Com_ping',
  'Com_begin',
  'Com_commit',
  'Handler_read_key',
  'Handler_read_next',
  'Handler_read_rnd_next',
  'Innodb_rows_read',
  // Pages asked of the buffer pool, and those it did not hold (read from disk): whether the
  // large size still fits in memory.
  'Innodb_buffer_pool_read_requests',
  'Innodb_buffer_pool_reads',
  'Bytes_received',
  'Bytes_sent',
  'Created_tmp_tables',
  'Threads_created',
  'Connections',
];

async function databaseCounters(control: Connection): Promise<Record<string, number>> {
  const [rows] = await control.query<RowDataPacket[]>(
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(', ')})`,
    COUNTERS,
  );
  return Object.fromEntries(rows.map((r) => [String(r.Variable_name), Number(r.Value)]));
}

/** The longest wait for MariaDB to flush a seed before the runs go ahead anyway. */
const QUIET_MAX_SECONDS = 240;

function quietText(q: Quiet): string {
  return (
    `${q.quiet ? 'database quiet' : 'database NOT quiet'} after ${q.seconds} s ` +
    `(dirty pages ${q.dirtyPages[0]} → ${q.dirtyPages[1]}, undo history ${q.history[0]} → ${q.history[1]})`
  );
}

/** `0.34 ms CPU (+ 0.21 in the database)`: a side's CPU per request. */
function cpuText(side: SideResult): string {
  const db = side.databaseCpuMsPerRequest;
  return `${side.cpuMsPerRequest} ms CPU${db === null ? '' : ` (+ ${db} in the database)`}`;
}

/** The purge to measure, and the two servers whose requests are timed before and during it. */
interface PurgeRun {
  s: Settings;
  product: Server;
  baseline: Server;
  traffic: Traffic;
  control: Connection;
  fixture: Fixture;
}

async function measurePurge(setup: PurgeRun): Promise<PurgeResult> {
  const { s, product, baseline, traffic, control, fixture } = setup;
  const count = fixture.size.expiredLinks;
  const t0 = Date.now();
  await seedExpiredLinks(control, fixture, count);
  log(`   purge: ${count} expired links seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The runs before and during the purge both start from a flushed database: the "before" p99
  // is not taken while the seed is still being written out, nor the purge's.
  const quiet = await waitForQuietDatabase(control, QUIET_MAX_SECONDS);
  log(`   purge: ${quietText(quiet)}`);
  const login = await send(product.url, {
    method: 'POST',
    path: '/api/staff/login',
    headers: JSON_HEADERS,
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const token = (login.body as { token?: string }).token;
  if (login.status !== 200 || !token) throw new Error(`staff login answered ${login.status}`);
  // A steady, moderate load (not saturation), so the p99 says what a client waits. Both sides
  // at once, each at the steady rate: the purge's effect on the product's requests is compared
  // with its effect on bare ones, under the same purge and the same machine. One run per load,
  // through before and during, on the same warm connections: "during" is every request under
  // way while the purge ran (about 15 per load), "before" those answered in the purgeSeconds
  // before it, after a second of warm-up. (Until T1612 "during" was a run of its own started
  // with the purge, its first requests on new connections; their cost is reported apart now,
  // firstRequestMs: 11-14 ms for a redeem, not what made the slowest redeem of the purge.)
  await settleOutbox(control);
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const loads = (['product', 'baseline'] as const).flatMap((side) =>
    (['status', 'redeem'] as const).map((key) => {
      const samples: Sample[] = [];
      const server = side === 'product' ? product : baseline;
      const runs = paced(server.url, traffic.generator(key), {
        seconds: 24 * 3600,
        ...STEADY,
        until: stopped,
        samples,
      });
      return { side, key, samples, runs };
    }),
  );
  const warm = performance.now() + 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000 + s.purgeSeconds * 1000));
  const loadBefore = round(loadavg()[0]);
  const purgeStarted = performance.now();
  const purgeAnswer = await send(product.url, {
    method: 'POST',
    path: '/api/admin/maintenance/purge',
    headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
  });
  const purgeEnded = performance.now();
  stop();
  await Promise.all(loads.map((l) => l.runs));
  const loadAfter = round(loadavg()[0]);
  const answer = { r: purgeAnswer, seconds: (purgeEnded - purgeStarted) / 1000 };
  const window = (samples: Sample[]) => ({
    before: summarize(
      samples.filter((x) => x.sent >= warm && x.sent + x.ms <= purgeStarted),
      (purgeStarted - warm) / 1000,
      [loadBefore, loadBefore],
    ),
    // Under way at some moment of the purge: sent before it answered, answered after it began.
    during: summarize(
      samples.filter((x) => x.sent <= purgeEnded && x.sent + x.ms >= purgeStarted),
      answer.seconds,
      [loadBefore, loadAfter],
    ),
    // Samples go in as they answer: the first sent is the one with the earliest `sent`.
    first: round(samples.reduce((a, b) => (b.sent < a.sent ? b : a), samples[0])?.ms ?? NaN),
  });
  const sideOf = (side: 'product' | 'baseline') => {
    const [status, redeem] = (['status', 'redeem'] as const).map((key) =>
      window(loads.find((l) => l.side === side && l.key === key)!.samples),
    );
    return {
      before: { status: status.before, redeem: redeem.before },
      during: { status: status.during, redeem: redeem.during },
      first: { status: status.first, redeem: redeem.first },
    };
  };
  const sides = { product: sideOf('product'), baseline: sideOf('baseline') };
  if (process.env.BENCH_PURGE_TRACE === 'true') await tracePurge(control);
  log(
    `   purge: the loads' first requests (new connections, all at once), ms: product status ${sides.product.first.status}, redeem ${sides.product.first.redeem}; ` +
      `baseline status ${sides.baseline.first.status}, redeem ${sides.baseline.first.redeem}`,
  );
  await settleOutbox(control);
  if (answer.r.status !== 200)
    throw new Error(`purge answered ${answer.r.status}: ${answer.r.text}`);
  const [left] = await control.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM links WHERE expires_at < ?',
    [sqlTime(Date.now() - 31 * 24 * 3600 * 1000)],
  );
  const side = (name: 'product' | 'baseline'): PurgeSide => {
    const { before, during, first } = sides[name];
    return {
      before,
      during,
      redeemP99Ratio: round(during.redeem.p99 / before.redeem.p99),
      statusP99Ratio: round(during.status.p99 / before.status.p99),
      firstRequestMs: first,
    };
  };
  const result: PurgeResult = {
    expiredLinks: count,
    quiet,
    seconds: round(answer.seconds, 1),
    deleted: answer.r.body,
    linksPerSecond: Math.round(count / answer.seconds),
    left: Number(left[0].n),
    ...side('product'),
    baseline: side('baseline'),
  };
  log(
    `   purge: ${JSON.stringify(result.deleted)} in ${result.seconds} s (${result.linksPerSecond} links/s); ` +
      `${purgeP99Text(result)}; load ${loadText()}`,
  );
  return result;
}

/**
 * Diagnostic (BENCH_PURGE_TRACE=true, with BENCH_MARIADB_ARGS="--performance-schema=ON
 * --performance-schema-consumer-events-statements-current=ON
 * --performance-schema-consumer-events-statements-history-long=ON
 * --performance-schema-events-statements-history-long-size=30000"; the history keeps nothing
 * without the `current` consumer, and 1,000 statements by default): the purge's statements and
 * every other statement over 10 ms around them, with their start (ms from the pass's first
 * look at the partitions) and duration, from MariaDB's statement history.
 */
async function tracePurge(control: Connection): Promise<void> {
  const [rows] = await control.query<RowDataPacket[]>(
    `SELECT THREAD_ID AS thread, TIMER_START / 1e9 AS startMs, TIMER_WAIT / 1e9 AS ms,
            LOCK_TIME / 1e9 AS lockMs, LEFT(SQL_TEXT, 110) AS sqlText
       FROM performance_schema.events_statements_history_long ORDER BY TIMER_START`,
  );
  const purgeThread: unknown = rows.find((r) =>
    /EXCHANGE PARTITION/.test(String(r.sqlText)),
  )?.thread;
  if (purgeThread === undefined) {
    log('   purge trace: no EXCHANGE PARTITION in the statement history');
    return;
  }
  const own = rows.filter((r) => r.thread === purgeThread);
  // From the pass's first look at the partitions; the connection served requests before it.
  const t0 = Number(own.find((r) => /PARTITION/.test(String(r.sqlText)))?.startMs ?? 0);
  const to = Number(own.at(-1)!.startMs) + Number(own.at(-1)!.ms) + 100;
  for (const r of rows) {
    const start = Number(r.startMs);
    if (start < t0 - 200 || start > to) continue;
    if (r.thread === purgeThread ? start < t0 : Number(r.ms) < 10) continue;
    log(
      `   trace ${r.thread === purgeThread ? 'PURGE' : `t${r.thread}`} +${(start - t0).toFixed(1)} ms ` +
        `${Number(r.ms).toFixed(1)} ms (lock ${Number(r.lockMs).toFixed(1)}): ${String(r.sqlText).replace(/\s+/g, ' ')}`,
    );
  }
}

/** Both sides' p99s before → during the purge, with their ratios. */
function purgeP99Text(p: PurgeResult): string {
  const one = (key: 'redeem' | 'status', q: PurgeSide): string =>
    `${key} p99 ${q.before[key].p99} → ${q.during[key].p99} ms (×${key === 'redeem' ? q.redeemP99Ratio : q.statusP99Ratio})`;
  return (
    `product: ${one('redeem', p)}, ${one('status', p)}; ` +
    `baseline: ${one('redeem', p.baseline)}, ${one('status', p.baseline)}`
  );
}

function loadText(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/** Which product was measured: the checkout, its commit and how many API files differ from it. */
function productVersion(): { root: string; commit: string; changedFiles: number } {
  const root = process.env.BENCH_PRODUCT_ROOT ?? ROOT;
  const git = (args: string[]): string => {
    try {
      return execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return '';
    }
  };
  return {
    root,
    commit: process.env.BENCH_PRODUCT_COMMIT ?? (git(['rev-parse', 'HEAD']) || 'unknown'),
    changedFiles: git(['status', '--porcelain', '--', 'apps/api', 'libs'])
      .split('\n')
      .filter(Boolean).length,
  };
}

// ---- report ----------------------------------------------------------------------------------

async function previousSize(size: SizeName): Promise<{ file: string; result: SizeResult } | null> {
  const dir = join(ROOT, 'bench/results');
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  for (const file of files) {
    const json = JSON.parse(await readFile(join(dir, file), 'utf8')) as { sizes?: SizeResult[] };
    const found = json.sizes?.find((r) => r.size === size && Object.keys(r.endpoints).length);
    if (found) return { file, result: found };
  }
  return null;
}

async function buildReport(
  s: Settings,
  started: Date,
  results: SizeResult[],
  sqlite?: SqliteResult,
): Promise<{ markdown: string; json: unknown }> {
  const lines: string[] = [];
  const version = productVersion();
  lines.push(`# Bench ${started.toISOString()}`, '');
  lines.push(
    `Product: commit ${version.commit.slice(0, 10)}` +
      (version.changedFiles ? ` with ${version.changedFiles} uncommitted API file(s)` : '') +
      '.',
    '',
  );
  lines.push(
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average at the end ${loadText()}. ` +
      `${s.pairs} pair(s) of ${s.seconds} s runs per endpoint, product and baseline alternately ` +
      `(A B A B …), ${s.connections} connections, medians. SQL = statements per request counted ` +
      `in MariaDB's general log over ${s.countRequests} sequential requests. MariaDB's data dir ` +
      `under ${filesystemText(s.dataParent, s.dataFilesystem)}.`,
    '',
  );
  for (const r of results) {
    lines.push(
      `## ${r.size}`,
      '',
      `Rows: ${Object.entries(r.rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(
          ', ',
        )} (seeded in ${r.seedSeconds} s${r.quiet ? `; ${quietText(r.quiet)}` : ''}). Product start-up to first healthy answer: ` +
        `${r.productStartMs} ms (${r.product}, migrations on an empty database included; baseline ${r.baselineStartMs} ms).`,
      '',
      `Checks: ${r.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}`).join('; ')}`,
      '',
    );
    if (Object.keys(r.endpoints).length === 0) continue;
    lines.push(
      '| endpoint | product req/s | baseline req/s | ratio | product p50 / p99 ms | baseline p50 / p99 ms | server CPU ms/request (product / baseline) | database CPU ms/request (product / baseline) | SQL/request product | SQL/request baseline | on-disk tmp tables/request (product / baseline) | load (1 min) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const { key, label } of ENDPOINTS) {
      const e = r.endpoints[key];
      if (!e) continue;
      const loads = [...e.product.runs, ...e.baseline.runs].flatMap((x) => x.load);
      lines.push(
        `| ${label} | ${e.product.rps} | ${e.baseline.rps} | ${e.ratio} | ${e.product.p50} / ${e.product.p99} | ` +
          `${e.baseline.p50} / ${e.baseline.p99} | ${e.product.cpuMsPerRequest} / ${e.baseline.cpuMsPerRequest} | ` +
          `${e.product.databaseCpuMsPerRequest} / ${e.baseline.databaseCpuMsPerRequest} | ` +
          `${round(e.product.sql.perRequest)} | ` +
          `${round(e.baseline.sql.perRequest)} | ${round(e.product.sql.tmpDiskTablesPerRequest)} / ${round(e.baseline.sql.tmpDiskTablesPerRequest)} | ` +
          `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |`,
      );
    }
    const steady = ENDPOINTS.flatMap(({ key, label }) => {
      const st = r.endpoints[key]?.steady;
      return st ? [{ label, st }] : [];
    });
    if (steady.length) {
      lines.push(
        '',
        `At a steady ${STEADY.rate} req/s (${STEADY.connections} connections; ${s.steadyPairs} pair(s) of ` +
          `${s.steadySeconds} s runs, A B A B, medians): the latency of the request itself, not of a queue.`,
        '',
        '| endpoint | product p50 / p99 ms | baseline p50 / p99 ms | requests per run |',
        '| --- | ---: | ---: | ---: |',
        ...steady.map(
          ({ label, st }) =>
            `| ${label} | ${st.product.p50} / ${st.product.p99} | ${st.baseline.p50} / ${st.baseline.p99} | ` +
            `${median([...st.product.runs, ...st.baseline.runs].map((x) => x.requests))} |`,
        ),
      );
    }
    const redeem = r.endpoints.redeem;
    if (redeem?.product.mailDeliveredPerRequest != null) {
      lines.push(
        '',
        `Redeem: each side delivers the new-device notices it queues during its own runs (the ` +
          `product's outbox worker; the baseline's bare poll, unseal, template literal, MIME by hand, ` +
          `one \`.eml\` each): mails delivered per request, product ` +
          `${redeem.product.mailDeliveredPerRequest}, baseline ${redeem.baseline.mailDeliveredPerRequest}.`,
      );
    }
    const bad = [...Object.entries(r.endpoints), ...scalingEntries(r)].flatMap(([key, e]) =>
      allRuns(e)
        .filter((x) => x.non2xx + x.errors + x.timeouts > 0)
        .map((x) => `${key}: ${x.non2xx} non-2xx, ${x.errors} errors, ${x.timeouts} timeouts`),
    );
    lines.push(
      '',
      bad.length
        ? `Failed requests in runs: ${bad.join('; ')}`
        : 'Every request of every run answered 2xx.',
    );
    if (r.redeemPoolOverrun > 0) {
      lines.push(
        '',
        `**Redeem pool too small:** ${r.redeemPoolOverrun} redeem requests found every fresh token ` +
          `used and repeated the last one (declined); raise redeemPool in bench/lib/sizes.ts.`,
      );
    }
    if (r.purge) {
      const p = r.purge;
      lines.push(
        '',
        `Purge of ${p.expiredLinks.toLocaleString('en')} expired links (POST /api/admin/maintenance/purge): ` +
          `${p.seconds} s, ${p.linksPerSecond.toLocaleString('en')} links/s, answer ${JSON.stringify(p.deleted)}, ` +
          `${p.left} expired links left; ${p.quiet ? quietText(p.quiet) : ''} before the runs. ` +
          `Under a steady ${STEADY.rate} req/s each of redeem and status on each side at once ` +
          `(product and baseline, the same database; one run per load through both windows: ` +
          `"before" the ${p.before.redeem.seconds} s before the purge, "during" every request under way while it ran; ` +
          `the first request of each load, on a new connection with every load starting at once, kept out of both: ` +
          `redeem ${p.firstRequestMs.redeem} ms product, ${p.baseline.firstRequestMs.redeem} ms baseline): ` +
          `${purgeP99Text(p)}; ` +
          `${p.during.redeem.requests + p.during.status.requests} product requests during the purge; load ${p.during.redeem.load.join(' → ')}.`,
      );
    }
    lines.push('', '<details><summary>Statements per request</summary>', '');
    for (const { key, label } of ENDPOINTS) {
      const e = r.endpoints[key];
      if (!e) continue;
      for (const side of ['product', 'baseline'] as const) {
        lines.push(`${label}, ${side}:`, '');
        for (const st of e[side].sql.statements)
          lines.push(`- ${round(st.perRequest)} × \`${st.sql}\``);
        lines.push('');
      }
    }
    lines.push('</details>', '');
  }

  const small =
    results.find((r) => r.size === 'small') ??
    (s.smoke ? undefined : (await previousSize('small'))?.result);
  const large =
    results.find((r) => r.size === 'large') ??
    (s.smoke ? undefined : (await previousSize('large'))?.result);
  let scaling: Record<string, unknown> | null = null;
  if (
    small &&
    large &&
    Object.keys(small.endpoints).length &&
    Object.keys(large.endpoints).length
  ) {
    scaling = {};
    lines.push(
      '## Latency at large ÷ small',
      '',
      `Saturation: the runs of the table above (${s.connections} connections, as fast as each side ` +
        `answers). Steady: ${STEADY.rate} req/s (${STEADY.connections} connections).`,
      '',
      '| endpoint | product p50 | product p99 | baseline p50 | baseline p99 | steady: product p50 | product p99 | baseline p50 | baseline p99 |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const { key, label } of ENDPOINTS) {
      const a = small.endpoints[key];
      const b = large.endpoints[key];
      if (!a || !b) continue;
      const q = (x: number, y: number) => round(y / x);
      const row = {
        productP50: q(a.product.p50, b.product.p50),
        productP99: q(a.product.p99, b.product.p99),
        baselineP50: q(a.baseline.p50, b.baseline.p50),
        baselineP99: q(a.baseline.p99, b.baseline.p99),
        steady:
          a.steady && b.steady
            ? {
                productP50: q(a.steady.product.p50, b.steady.product.p50),
                productP99: q(a.steady.product.p99, b.steady.product.p99),
                baselineP50: q(a.steady.baseline.p50, b.steady.baseline.p50),
                baselineP99: q(a.steady.baseline.p99, b.steady.baseline.p99),
              }
            : null,
      };
      scaling[key] = row;
      const st = row.steady;
      lines.push(
        `| ${label} | ${row.productP50} | ${row.productP99} | ${row.baselineP50} | ${row.baselineP99} | ` +
          (st
            ? `${st.productP50} | ${st.productP99} | ${st.baselineP50} | ${st.baselineP99} |`
            : '– | – | – | – |'),
      );
    }
    lines.push('');
  }
  for (const r of results) {
    if (r.scaling) lines.push(...scalingLines(r.scaling));
  }
  if (sqlite) {
    const st = sqlite.startup;
    lines.push(
      `## Embedded default (SQLite, ${sqlite.size} seed)`,
      '',
      `Start-up to the first healthy answer (${sqlite.product}, SQLite, mail to files, portal files served): ` +
        `${diskFlushText(st.diskFlush)}; first start on an empty file (every migration applied) ${st.firstMs} ms; restarts on the seeded file ` +
        `${st.restartsMs.join(', ')} ms (median ${st.medianRestartMs ?? '–'} ms); load ${st.load.join(' → ')}.`,
      '',
      `Rows: ${Object.entries(sqlite.rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')} (seeded in ${sqlite.seedSeconds} s). Checks: ${sqlite.checks
        .map((c) => `${c.ok ? '✓' : '✗'} ${c.name}`)
        .join('; ')}`,
      '',
    );
    if (Object.keys(sqlite.endpoints).length) {
      lines.push(
        '| endpoint (SQLite) | product req/s | baseline req/s | ratio | product p50 / p99 ms | baseline p50 / p99 ms | load (1 min) |',
        '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      );
      for (const { key, label } of ENDPOINTS) {
        const e = sqlite.endpoints[key];
        if (!e) continue;
        const loads = [...e.product.runs, ...e.baseline.runs].flatMap((x) => x.load);
        lines.push(
          `| ${label} | ${e.product.rps} | ${e.baseline.rps} | ${e.ratio} | ${e.product.p50} / ${e.product.p99} | ` +
            `${e.baseline.p50} / ${e.baseline.p99} | ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |`,
        );
      }
      lines.push('');
    }
  }
  return {
    markdown: `${lines.join('\n')}\n`,
    json: {
      started: started.toISOString(),
      finished: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgAtEnd: loadavg() },
      product: productVersion(),
      settings: s,
      sizes: results,
      largeOverSmall: scaling,
      sqlite: sqlite ?? null,
    },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
