// Issue 15: a three-node MariaDB Galera cluster on loopback, three built API instances (one per
// node), HAProxy in front with health checks on /api/health, one s3rver bucket and one SMTP
// catcher shared by all. Started by `npm run cluster:up` (scripts/cluster.ts) for local use and by
// the cluster suite's global setup (test/cluster/global-setup.ts).
//
// Every server process is recorded in a state file (pids, ports, command lines), so a spec
// running in another module registry can SIGKILL a node and its instance and start them again,
// and the teardown stops whatever runs at that moment. Ports per node i (1..3), from a base B:
// SQL B+10i, API B+10i+1, state transfer B+10i+4, Galera B+10i+7, IST B+10i+8; HAProxy B,
// s3rver B+2; the SMTP catcher takes a free port.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection as createUnixConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { TEST_ADMIN } from '../support/app';
import { isPortFree } from '../support/ports';
import { startSmtpCatcher, SmtpCatcher } from '../support/smtp-catcher';

const run = promisify(execFile);

export const ROOT = resolve(__dirname, '../..');
export const NODE_COUNT = 3;
/** The first admin of every instance: the e2e suite's, so its factories sign in unchanged. */
export const ADMIN = TEST_ADMIN;
const GALERA_LIBRARY = '/usr/lib/galera/libgalera_smm.so';
const BUCKET = 'portal-documents';
const S3_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const NODE_READY_MS = 180_000;
const API_READY_MS = 90_000;
const STOP_GRACE_MS = 15_000;

export interface NodeState {
  index: number;
  name: string;
  sqlPort: number;
  galeraPort: number;
  dataDir: string;
  socket: string;
  errorLog: string;
  /** Option file of the node, and its text. */
  config: string;
  configText: string;
  /** mariadbd's command line when it (re)joins an existing cluster (no --wsrep-new-cluster). */
  joinArgs: string[];
  pid: number | null;
}

export interface ApiState {
  index: number;
  /** HAProxy's name for it, sent back in X-Served-By. */
  name: string;
  port: number;
  url: string;
  /** Node the instance's DATABASE_URL points at. */
  node: number;
  env: Record<string, string>;
  /** The env it was first started with (kept when the e2e target restarts it with another). */
  baseEnv?: Record<string, string>;
  logFile: string;
  pid: number | null;
}

export interface ClusterState {
  workDir: string;
  /** HAProxy's address: what clients use. */
  url: string;
  publicUrl: string;
  haproxyPid: number | null;
  haproxyConfig: string;
  mailDir: string;
  smtpUrl: string;
  s3Url: string;
  /** mysql://root:…@127.0.0.1:<node 1 port>/app, for checks from the specs. */
  databaseUrls: string[];
  admin: typeof ADMIN;
  apiEntry: string;
  nodes: NodeState[];
  apis: ApiState[];
}

export interface ClusterOptions {
  portBase: number;
  /** Base of e-mailed links; defaults to the HAProxy address. */
  publicUrl?: string;
  /** Folder for data dirs, logs, state and the copied build. */
  workDir: string;
  /** Built API folder (the `dist/api` of `nest build api`). */
  apiDist?: string;
  /** Extra environment for every API instance. */
  apiEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** Kill every server process on SIGINT/SIGTERM (the jest suite; cluster:up stops them itself). */
  killOnSignals?: boolean;
}

export interface Cluster {
  state: ClusterState;
  stateFile: string;
  stop(): Promise<void>;
}

/** Starts the whole cluster; on any failure stops what it started and rethrows. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? ((line: string) => process.stdout.write(`[cluster] ${line}\n`));
  const started = Date.now();
  const took = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  requireBinaries();
  const base = options.portBase;
  const ports = portsFor(base);
  const busy = [];
  for (const port of ports.all) if (!(await isPortFree(port))) busy.push(port);
  if (busy.length > 0) {
    throw new Error(
      `Cluster ports in use: ${busy.join(', ')}. Stop what runs there or set CLUSTER_PORT_BASE.`,
    );
  }

  const workDir = options.workDir;
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const rootPassword = randomBytes(12).toString('hex');
  const appPassword = randomBytes(12).toString('hex');
  const url = `http://127.0.0.1:${base}`;
  const state: ClusterState = {
    workDir,
    url,
    publicUrl: options.publicUrl ?? url,
    haproxyPid: null,
    haproxyConfig: join(workDir, 'haproxy.cfg'),
    mailDir: join(workDir, 'mail'),
    smtpUrl: '',
    s3Url: `http://127.0.0.1:${ports.s3}`,
    databaseUrls: [],
    admin: ADMIN,
    apiEntry: '',
    nodes: [],
    apis: [],
  };
  const stateFile = join(workDir, 'state.json');
  const apiCopy = join(ROOT, 'var', `cluster-${base}-api`);
  const save = (): void => writeState(stateFile, state);
  let smtp: SmtpCatcher | null = null;
  let s3: S3Server | null = null;

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killAllOnExit);
    await stopProcesses(readState(stateFile) ?? state);
    await smtp?.stop();
    await s3?.close();
    await rm(apiCopy, { recursive: true, force: true });
  };
  const killAllOnExit = (): void => killAll(readState(stateFile) ?? state);
  process.once('exit', killAllOnExit);
  if (options.killOnSignals) {
    // The servers are detached (a spec kills and restarts them by pid), so Ctrl-C does not reach
    // them: kill them here, then let the signal do what it would have done.
    for (const signalName of ['SIGINT', 'SIGTERM'] as const) {
      const onSignal = (): void => {
        killAllOnExit();
        process.removeListener(signalName, onSignal);
        if (process.listenerCount(signalName) === 0) process.kill(process.pid, signalName);
      };
      process.on(signalName, onSignal);
    }
  }

  try {
    // The build is copied so that another `nest build` (which wipes dist/) cannot pull the files
    // from under running instances. Only the shared dist/ needs the build lock for the copy (a
    // browser run holds it for minutes); a build elsewhere (CLUSTER_API_DIST) is copied at once.
    const apiDist = options.apiDist ?? join(ROOT, 'dist/api');
    await rm(apiCopy, { recursive: true, force: true });
    const shared = resolve(apiDist).startsWith(join(ROOT, 'dist'));
    const copy = ['cp', '-a', apiDist, apiCopy];
    if (shared) await run('flock', ['/tmp/cp-build.lock', ...copy]);
    else await run(copy[0], copy.slice(1));
    state.apiEntry = join(apiCopy, 'apps/api/src/main.js');
    if (!existsSync(state.apiEntry)) {
      throw new Error(`No built API at ${apiDist}: run \`npm run build:api\` first.`);
    }

    await mkdir(state.mailDir, { recursive: true });
    smtp = await startSmtpCatcher(state.mailDir);
    state.smtpUrl = smtp.url;
    s3 = await startS3(join(workDir, 's3'), ports.s3);

    for (let index = 1; index <= NODE_COUNT; index++) {
      const node = nodeState(workDir, base, index, rootPassword);
      await writeFile(node.config, node.configText);
      state.nodes.push(node);
    }
    // Node 1 bootstraps the cluster; the others join one at a time, each copying a donor with
    // mariabackup (STACK.md: rsync fails as root, two joiners at once collide).
    const first = state.nodes[0];
    await run('mariadb-install-db', [
      `--defaults-file=${first.config}`,
      '--user=root',
      `--datadir=${first.dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
    first.pid = spawnNode(first, ['--wsrep-new-cluster']);
    save();
    await waitForNode(first);
    await sql(first, [
      `ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('${rootPassword}')`,
      'CREATE DATABASE app CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
      ...['127.0.0.1', 'localhost'].flatMap((host) => [
        `CREATE USER 'app'@'${host}' IDENTIFIED BY '${appPassword}'`,
        `GRANT ALL ON app.* TO 'app'@'${host}'`,
        `CREATE USER 'checker'@'${host}' IDENTIFIED BY '${appPassword}'`,
        `GRANT ALL ON *.* TO 'checker'@'${host}'`,
      ]),
    ]);
    log(`node n1 bootstrapped the cluster (${took()})`);
    for (const node of state.nodes.slice(1)) {
      await mkdir(node.dataDir, { recursive: true });
      node.pid = spawnNode(node);
      save();
      await waitForNode(node);
      log(`node ${node.name} joined (state transfer by mariabackup, ${took()})`);
    }
    state.databaseUrls = state.nodes.map(
      (node) => `mysql://checker:${appPassword}@127.0.0.1:${node.sqlPort}/app`,
    );

    const appSecret = randomBytes(32).toString('hex');
    for (const node of state.nodes) {
      const port = node.sqlPort + 1;
      state.apis.push({
        index: node.index,
        name: `api${node.index}`,
        port,
        url: `http://127.0.0.1:${port}`,
        node: node.index,
        logFile: join(workDir, `api${node.index}.log`),
        pid: null,
        env: {
          NODE_ENV: 'test',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: state.publicUrl,
          DATABASE_URL: `mariadb://app:${appPassword}@127.0.0.1:${node.sqlPort}/app`,
          SMTP_URL: state.smtpUrl,
          // One secret for all: any instance's outbox worker opens mail sealed by another.
          APP_SECRET: appSecret,
          ADMIN_USERNAME: ADMIN.username,
          ADMIN_PASSWORD: ADMIN.password,
          DEMO_DATA: 'false',
          PORTAL_DIR: existsSync(join(ROOT, 'dist/portal/browser'))
            ? join(ROOT, 'dist/portal/browser')
            : '',
          OUTBOX_POLL_MS: '200',
          PURGE_INTERVAL_MINUTES: '1',
          STORAGE_S3_URL: state.s3Url,
          STORAGE_S3_BUCKET: BUCKET,
          STORAGE_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
          STORAGE_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
          LOG_LEVEL: 'warn',
          ...options.apiEnv,
        },
      });
    }
    // Instance 1 applies the migrations and creates the first admin alone; then the others.
    for (const api of state.apis) {
      api.pid = spawnApi(state, api);
      save();
      await waitForApi(api);
      log(`instance ${api.name} on node n${api.node} healthy at ${api.url} (${took()})`);
    }

    await writeHaproxyConfig(state);
    state.haproxyPid = spawnHaproxy(state);
    save();
    await waitForHaproxy(state);
    log(`HAProxy at ${state.url} in front of ${state.apis.length} instances (${took()})`);
    return { state, stateFile, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

// ---- control used by the specs (works from any process that can read the state file) ----

export function readState(stateFile: string): ClusterState | null {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState;
  } catch {
    return null;
  }
}

export function writeState(stateFile: string, state: ClusterState): void {
  writeFileSync(`${stateFile}.tmp`, JSON.stringify(state, null, 2));
  writeFileSync(stateFile, readFileSync(`${stateFile}.tmp`));
}

/** SIGKILLs a Galera node and the API instance on it, as a crashed host would lose both. */
export async function killNodeAndInstance(stateFile: string, index: number): Promise<void> {
  const state = mustRead(stateFile);
  const node = state.nodes[index - 1];
  const api = state.apis[index - 1];
  for (const pid of [api.pid, node.pid]) if (pid) signal(pid, 'SIGKILL');
  await Promise.all([api.pid, node.pid].map((pid) => (pid ? waitGone(pid) : Promise.resolve())));
  node.pid = null;
  api.pid = null;
  writeState(stateFile, state);
}

/**
 * Starts a killed node again on its data dir (it rejoins: incremental or full state transfer
 * from a donor), waits until it is Synced, then starts its instance and waits until it is healthy.
 */
export async function restartNodeAndInstance(stateFile: string, index: number): Promise<void> {
  const state = mustRead(stateFile);
  const node = state.nodes[index - 1];
  const api = state.apis[index - 1];
  // As mysqld_safe and galera_recovery do: read the last committed position from InnoDB, so the
  // node asks the cluster only for what it missed (IST) instead of a full copy.
  const position = await recoveredPosition(node);
  node.pid = spawnNode(node, position ? [`--wsrep-start-position=${position}`] : []);
  writeState(stateFile, state);
  await waitForNode(node);
  api.pid = spawnApi(state, api);
  writeState(stateFile, state);
  await waitForApi(api);
}

/** Stops every API instance (SIGTERM, SIGKILL after the grace); nodes and HAProxy stay up. */
export async function stopInstances(stateFile: string): Promise<void> {
  const state = mustRead(stateFile);
  const pids = state.apis.map((api) => api.pid).filter((pid): pid is number => pid !== null);
  for (const pid of pids) signal(pid, 'SIGTERM');
  await Promise.all(pids.map((pid) => waitGone(pid, STOP_GRACE_MS)));
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL');
  await Promise.all(pids.map((pid) => waitGone(pid)));
  for (const api of state.apis) api.pid = null;
  writeState(stateFile, state);
}

/**
 * Starts the (stopped) instances with these environments, one per instance: the first alone
 * (on a fresh database it applies the migrations and creates the first admin), then the others
 * together; waits until each is healthy and HAProxy has marked every one UP again.
 */
export async function startInstances(
  stateFile: string,
  envs: Record<string, string>[],
): Promise<void> {
  const state = mustRead(stateFile);
  state.apis.forEach((api, i) => {
    api.baseEnv ??= api.env;
    api.env = envs[i];
  });
  const [first, ...others] = state.apis;
  first.pid = spawnApi(state, first);
  writeState(stateFile, state);
  await waitForApi(first);
  for (const api of others) api.pid = spawnApi(state, api);
  writeState(stateFile, state);
  await Promise.all(others.map((api) => waitForApi(api)));
  await waitForInstancesUp(state);
}

/** Waits until HAProxy's health checks mark every instance UP (rise 2 after a restart). */
export async function waitForInstancesUp(state: ClusterState, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, HaproxyServerStats> = {};
  while (Date.now() < deadline) {
    last = await haproxyStats(state);
    if (state.apis.every((api) => last[api.name]?.status === 'UP')) return;
    await sleep(100);
  }
  const seen = Object.entries(last).map(([name, s]) => `${name} ${s.status}`);
  throw new Error(
    `HAProxy did not mark every instance UP within ${timeoutMs} ms: ${seen.join(', ')}`,
  );
}

export interface HaproxyServerStats {
  /** UP, DOWN, MAINT, … as HAProxy's health checks see the instance. */
  status: string;
  /** Requests HAProxy has sent it (one per client connection: option httpclose). */
  sessions: number;
  /** Answers it gave with a 5xx status. */
  answers5xx: number;
}

/** Per instance, from HAProxy's stats socket (`show stat`): what HAProxy counted. */
export async function haproxyStats(
  state: ClusterState,
): Promise<Record<string, HaproxyServerStats>> {
  const csv = await new Promise<string>((resolvePromise, reject) => {
    const socket = createUnixConnection(join(state.workDir, 'haproxy.sock'));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write('show stat\n'));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolvePromise(text));
    socket.on('error', reject);
  });
  const [header, ...rows] = csv.trim().split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const at = (row: string[], name: string): string => row[columns.indexOf(name)] ?? '';
  const stats: Record<string, HaproxyServerStats> = {};
  for (const line of rows) {
    const row = line.split(',');
    if (at(row, 'pxname') !== 'api' || !/^api\d+$/.test(at(row, 'svname'))) continue;
    stats[at(row, 'svname')] = {
      status: at(row, 'status'),
      sessions: Number(at(row, 'stot')),
      answers5xx: Number(at(row, 'hrsp_5xx')),
    };
  }
  return stats;
}

/** Runs statements as root on node 1 (its socket): databases and grants for the e2e target. */
export async function rootSql(state: ClusterState, statements: string[]): Promise<void> {
  await sql(state.nodes[0], statements);
}

async function recoveredPosition(node: NodeState): Promise<string | null> {
  const log = join(dirname(node.errorLog), `${node.name}.recover.err`);
  await rm(log, { force: true });
  try {
    await run('mariadbd', [...node.joinArgs, '--wsrep-recover', `--log-error=${log}`], {
      timeout: 60_000,
    });
  } catch {
    return null;
  }
  const found = /Recovered position: ([0-9a-f-]{36}:-?\d+)/.exec(
    await readFile(log, 'utf8').catch(() => ''),
  );
  return found && !found[1].endsWith(':-1') ? found[1] : null;
}

/** `SHOW STATUS LIKE 'wsrep_%'` values of one node, through its SQL port. */
export async function wsrepStatus(
  state: ClusterState,
  index: number,
): Promise<Record<string, string>> {
  const connection = await createConnection(state.databaseUrls[index - 1]);
  try {
    const [rows] = await connection.query("SHOW GLOBAL STATUS LIKE 'wsrep_%'");
    return Object.fromEntries(
      (rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]),
    );
  } finally {
    await connection.end();
  }
}

/** Runs one query on one node (the specs check rows through every node). */
export async function queryNode<T>(
  state: ClusterState,
  index: number,
  statement: string,
  params: unknown[] = [],
): Promise<T[]> {
  const connection = await createConnection(state.databaseUrls[index - 1]);
  try {
    // Causal read: the node first applies everything the cluster committed before this query.
    await connection.query('SET SESSION wsrep_sync_wait = 1');
    const [rows] = await connection.query(statement, params);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

// ---- processes ----

function portsFor(base: number): { all: number[]; s3: number } {
  const all = [base, base + 2];
  for (let i = 1; i <= NODE_COUNT; i++) {
    all.push(...[0, 1, 4, 7, 8].map((offset) => base + 10 * i + offset));
  }
  return { all, s3: base + 2 };
}

function nodeState(workDir: string, base: number, index: number, rootPassword: string): NodeState {
  const dataDir = join(workDir, `n${index}`);
  const sqlPort = base + 10 * index;
  const galeraPort = sqlPort + 7;
  const cluster = Array.from(
    { length: NODE_COUNT },
    (_, i) => `127.0.0.1:${base + 10 * (i + 1) + 7}`,
  ).join(',');
  const socket = join(workDir, `n${index}.sock`);
  const errorLog = join(workDir, `n${index}.err`);
  const provider = [
    `gmcast.listen_addr=tcp://127.0.0.1:${galeraPort}`,
    `ist.recv_addr=127.0.0.1:${sqlPort + 8}`,
    'gcache.size=64M',
    // A dead peer on loopback is noticed within a few seconds, not the WAN defaults.
    'evs.keepalive_period=PT0.5S',
    'evs.inactive_check_period=PT0.5S',
    'evs.suspect_timeout=PT3S',
    'evs.inactive_timeout=PT6S',
  ].join(';');
  return {
    index,
    name: `n${index}`,
    sqlPort,
    galeraPort,
    dataDir,
    socket,
    errorLog,
    pid: null,
    config: join(workDir, `n${index}.cnf`),
    configText: [
      // Its own option file (not --no-defaults): the state-transfer script and mariabackup read
      // their options from the server's option file, and must not pick up /etc/mysql's.
      '[mysqld]',
      'user=root',
      `datadir=${dataDir}`,
      `socket=${socket}`,
      `port=${sqlPort}`,
      'bind-address=127.0.0.1',
      `pid-file=${join(workDir, `n${index}.pid`)}`,
      `log-error=${errorLog}`,
      'innodb-buffer-pool-size=64M',
      'innodb-log-file-size=32M',
      // A killed mariadbd loses nothing the OS has (and every node holds every commit anyway).
      'innodb-flush-log-at-trx-commit=2',
      'max-connections=300',
      'binlog-format=ROW',
      'default-storage-engine=InnoDB',
      'innodb-autoinc-lock-mode=2',
      'wsrep-on=ON',
      `wsrep-provider=${GALERA_LIBRARY}`,
      'wsrep-cluster-name=cp',
      `wsrep-cluster-address=gcomm://${cluster}`,
      `wsrep-node-address=127.0.0.1:${galeraPort}`,
      `wsrep-node-name=n${index}`,
      `wsrep-provider-options="${provider}"`,
      `wsrep-sst-receive-address=127.0.0.1:${sqlPort + 4}`,
      'wsrep-sst-method=mariabackup',
      `wsrep-sst-auth=root:${rootPassword}`,
      'wsrep-slave-threads=2',
      // A single-statement write that loses a certification conflict is run again by the server
      // (default once): a conditional UPDATE such as the PIN attempt counter then sees the
      // winner's row instead of failing with ER_LOCK_DEADLOCK under a burst of guesses.
      'wsrep-retry-autocommit=10',
      // Causal reads: a read waits until this node has applied every write committed anywhere
      // before it, so a session signed in through one instance is found by the next request on
      // another (without it, a 401 under load when the apply queue lags).
      'wsrep-sync-wait=1',
      '[sst]',
      // mariabackup's own log stays in the data dir (mariabackup.*.log), not syslog or /tmp.
      'sst-syslog=-1',
      'sst-log-archive=0',
      '',
    ].join('\n'),
    joinArgs: [`--defaults-file=${join(workDir, `n${index}.cnf`)}`],
  };
}

function spawnNode(node: NodeState, extra: string[] = []): number {
  const child = spawn('mariadbd', [...node.joinArgs, ...extra], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  if (!child.pid) throw new Error(`could not start mariadbd for ${node.name}`);
  return child.pid;
}

function spawnApi(state: ClusterState, api: ApiState): number {
  const out = openSync(api.logFile, 'a');
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'NODE_OPTIONS'];
  const base = Object.fromEntries(
    keep.flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])),
  );
  const child = spawn(process.execPath, [state.apiEntry], {
    cwd: ROOT,
    env: { ...base, ...api.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${api.name}`);
  return child.pid;
}

async function writeHaproxyConfig(state: ClusterState): Promise<void> {
  // A request cut off by an instance that died, or with no healthy instance left, gets the
  // app's own "come back shortly" answer (503, Retry-After), never a bare proxy error page.
  const unavailable = join(state.workDir, 'unavailable.http');
  const body = JSON.stringify({
    error: 'service_unavailable',
    message: 'The service is briefly unavailable. Please try again in a moment.',
  });
  await writeFile(
    unavailable,
    'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n' +
      'Cache-Control: no-store\r\nRetry-After: 1\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  const servers = state.apis.map((api) => `  server ${api.name} 127.0.0.1:${api.port} check`);
  await writeFile(
    state.haproxyConfig,
    [
      'global',
      '  log stdout format raw local0 info',
      '  maxconn 4000',
      `  stats socket ${join(state.workDir, 'haproxy.sock')} mode 600 level admin`,
      'defaults',
      '  mode http',
      '  log global',
      '  option httplog',
      '  timeout connect 2s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  timeout http-keep-alive 5s',
      // Only a connection that never reached an instance is tried on another one: a request
      // an instance may have acted on is never sent twice.
      '  retries 3',
      '  retry-on conn-failure',
      '  option redispatch 1',
      `  errorfile 502 ${unavailable}`,
      `  errorfile 503 ${unavailable}`,
      `  errorfile 504 ${unavailable}`,
      'frontend portal',
      `  bind 127.0.0.1:${new URL(state.url).port}`,
      '  option forwardfor',
      // One request per client connection: an answer cut off by an instance that died is then
      // the 503 above, where on a kept-alive connection HAProxy would close it without a word
      // (for a browser to retry), which a client counts as neither success nor "try again".
      '  option httpclose',
      '  default_backend api',
      'backend api',
      '  balance roundrobin',
      // A fresh server connection per request: on a reused one that an instance's death closed,
      // HAProxy would close the client's connection without an answer (for the client to retry).
      '  http-reuse never',
      '  option httpchk GET /api/health',
      // Up while its database answers: /api/health is a 503 "degraded" when only the mail server
      // is down too, and taking every instance out then would turn an SMTP outage (which the
      // outbox rides out) into a whole-site one.
      `  http-check expect rstring '"database":\\{"ok":true\\}'`,
      '  default-server inter 1s fastinter 250ms downinter 500ms fall 2 rise 2',
      // A check may wait as long as a Galera stall: when a node dies, the survivors hold every
      // commit until they have declared it gone (evs.suspect_timeout, 3 s), and a check that
      // gave up after 1 s (inter) would take both healthy instances out at once, turning a brief
      // wait into "no server available" 503s. A dead instance still fails at once (refused).
      '  timeout check 5s',
      '  http-response set-header X-Served-By %[srv_name]',
      ...servers,
      '',
    ].join('\n'),
  );
}

function spawnHaproxy(state: ClusterState): number {
  const out = openSync(join(state.workDir, 'haproxy.log'), 'a');
  const child = spawn('haproxy', ['-db', '-f', state.haproxyConfig], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  child.unref();
  if (!child.pid) throw new Error('could not start haproxy');
  return child.pid;
}

async function waitForNode(node: NodeState): Promise<void> {
  const deadline = Date.now() + NODE_READY_MS;
  let last = 'not started';
  while (Date.now() < deadline) {
    if (node.pid && !alive(node.pid)) {
      throw new Error(`mariadbd ${node.name} exited.\n${await tail(node.errorLog)}`);
    }
    try {
      const { stdout } = await run(
        'mariadb',
        [
          `--socket=${node.socket}`,
          '-uroot',
          '-N',
          '-e',
          "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment','wsrep_ready')",
        ],
        { timeout: 3_000 },
      );
      last = stdout.trim().replace(/\s+/g, ' ');
      if (/wsrep_local_state_comment Synced/.test(last) && /wsrep_ready ON/.test(last)) return;
    } catch (error) {
      last = (error as Error).message.split('\n')[0];
    }
    await sleep(250);
  }
  throw new Error(
    `${node.name} not Synced within ${NODE_READY_MS} ms (${last}).\n${await tail(node.errorLog)}`,
  );
}

async function waitForApi(api: ApiState): Promise<void> {
  const deadline = Date.now() + API_READY_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (api.pid && !alive(api.pid)) {
      throw new Error(`${api.name} exited.\n${await tail(api.logFile)}`);
    }
    try {
      const res = await fetch(`${api.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      // Serving once its database answers (the mail server may be down: the outbox waits).
      if (res.status === 200 || databaseUp(await res.text())) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(
    `${api.name} not healthy within ${API_READY_MS} ms (${last}).\n${await tail(api.logFile)}`,
  );
}

/** Whether a /api/health answer says the database is up (what HAProxy's check looks for). */
function databaseUp(body: string): boolean {
  try {
    return (JSON.parse(body) as { database?: { ok?: boolean } }).database?.ok === true;
  } catch {
    return false;
  }
}

async function waitForHaproxy(state: ClusterState): Promise<void> {
  // Healthy once every instance has answered through it (each is marked up after `rise`).
  const deadline = Date.now() + 30_000;
  const seen = new Set<string>();
  while (Date.now() < deadline && seen.size < state.apis.length) {
    try {
      const res = await fetch(`${state.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      const by = res.headers.get('x-served-by');
      if (res.status === 200 && by) seen.add(by);
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  if (seen.size < state.apis.length) {
    throw new Error(
      `HAProxy routed to only ${[...seen].join(', ') || 'no instance'} within 30 s.\n` +
        (await tail(join(state.workDir, 'haproxy.log'))),
    );
  }
}

async function stopProcesses(state: ClusterState): Promise<void> {
  const pids = [
    state.haproxyPid,
    ...state.apis.map((api) => api.pid),
    ...state.nodes.map((node) => node.pid),
  ].filter((pid): pid is number => pid !== null && alive(pid));
  // Proxy and instances first, then the nodes (SIGTERM: a clean Galera leave).
  const [front, nodes] = [
    pids.filter((pid) => !state.nodes.some((n) => n.pid === pid)),
    pids.filter((pid) => state.nodes.some((n) => n.pid === pid)),
  ];
  for (const group of [front, nodes]) {
    for (const pid of group) signal(pid, 'SIGTERM');
    await Promise.all(group.map((pid) => waitGone(pid, STOP_GRACE_MS)));
    for (const pid of group) if (alive(pid)) signal(pid, 'SIGKILL');
  }
}

function killAll(state: ClusterState): void {
  for (const pid of [
    state.haproxyPid,
    ...state.apis.map((a) => a.pid),
    ...state.nodes.map((n) => n.pid),
  ]) {
    if (pid && alive(pid)) signal(pid, 'SIGKILL');
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends a signal to a server; SIGKILL goes to its whole process group (each server is spawned
 * detached, so it leads its own group): a killed mariadbd takes its state-transfer scripts along.
 */
function signal(pid: number, name: NodeJS.Signals): void {
  if (name === 'SIGKILL') {
    try {
      process.kill(-pid, name);
      return;
    } catch {
      // not a group leader (or gone): the process alone
    }
  }
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function waitGone(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await sleep(50);
}

function mustRead(stateFile: string): ClusterState {
  const state = readState(stateFile);
  if (!state) throw new Error(`No cluster state at ${stateFile}`);
  return state;
}

async function sql(node: NodeState, statements: string[]): Promise<void> {
  await run('mariadb', [`--socket=${node.socket}`, '-uroot', '-e', statements.join(';\n')]);
}

function requireBinaries(): void {
  const needed: [string, string][] = [
    ['/usr/sbin/mariadbd', 'mariadb-server'],
    [GALERA_LIBRARY, 'galera-4'],
    ['/usr/bin/mariabackup', 'mariadb-backup'],
    ['/usr/sbin/haproxy', 'haproxy'],
    ['/usr/bin/socat', 'socat'],
  ];
  const missing = needed.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
  if (missing.length > 0) {
    throw new Error(
      `The cluster needs Debian packages: ${missing.join(' ')}. Install them with ` +
        `apt-get install -y --no-install-recommends ${missing.join(' ')} (or bash scripts/ensure-test-deps.sh as root).`,
    );
  }
}

// ---- shared S3 (npm s3rver, test-only) ----

interface S3Server {
  close(): Promise<void>;
}

async function startS3(directory: string, port: number): Promise<S3Server> {
  await mkdir(directory, { recursive: true });
  // s3rver ships no types; this is the part of it the harness uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
    run(): Promise<unknown>;
    close(): Promise<void>;
  };
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  await server.run();
  return server;
}

async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return `Tail of ${file}:\n${text.trimEnd().split('\n').slice(-lines).join('\n') || '(empty)'}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
