// A throw-away MariaDB server for tests, started from the Debian binaries as described in
// /work/shared/STACK.md: own data dir (in RAM for tests, see MariaDbOptions), random port, no
// systemd.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { access, mkdtemp, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from './ports';

const run = promisify(execFile);

const BINARIES = {
  installDb: ['/usr/bin/mariadb-install-db', '/usr/local/bin/mariadb-install-db'],
  server: ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/local/bin/mariadbd'],
  admin: ['/usr/bin/mariadb-admin', '/usr/local/bin/mariadb-admin'],
  client: ['/usr/bin/mariadb', '/usr/local/bin/mariadb'],
} as const;

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const TEST_USER = 'e2e';

export interface MariaDbServer {
  /** `mysql://e2e:PASS@127.0.0.1:PORT` — a user with all privileges and GRANT OPTION. */
  rootUrl: string;
  port: number;
  /** Shuts the server down and removes its data dir. */
  stop(): Promise<void>;
  /**
   * Fault injection (test/fault): ends mariadbd with SIGKILL, as a crash or an OOM kill would,
   * and resolves once the process is gone. The data dir stays; `restart()` brings it back.
   */
  kill(): Promise<void>;
  /** A clean shutdown (`mariadb-admin shutdown`) that keeps the data dir for `restart()`. */
  shutdown(): Promise<void>;
  /** SIGSTOP: the server stays up but answers nothing (a hung host or a network partition). */
  freeze(): void;
  /** SIGCONT after `freeze()`; resolves once the server answers `mariadb-admin ping` again. */
  thaw(): Promise<void>;
  /**
   * Starts mariadbd again on the same port and data dir (InnoDB recovers what was committed) and
   * resolves once it answers `mariadb-admin ping`.
   */
  restart(): Promise<void>;
  /** The running mariadbd's process id (bench/: its CPU per request). */
  pid(): number;
}

export interface MariaDbOptions {
  /** Bench only (bench/): a fixed port instead of a random one. */
  port?: number;
  /** Bench only (bench/): extra mariadbd options. */
  serverArgs?: string[];
  /**
   * true: a data dir on disk and MariaDB's own durable settings, production-like (the bench
   * measures with these). false (the default, for tests): the data dir in RAM (/dev/shm, when it
   * has room) and commits written to the OS but not flushed one by one, without the doublewrite
   * buffer. A killed mariadbd still keeps every commit (the fault suite kills it and checks);
   * only an OS crash would lose them, and a test database does not outlive one anyway.
   */
  durable?: boolean;
  /**
   * Bench and lab only (bench/): where the data dir goes, whatever `durable` says (e.g. /dev/shm
   * with durable settings, to tell the disk's share of a wait from the server's, or a filesystem
   * mounted without online discard).
   */
  dataParent?: string;
  /**
   * How a port is found when `port` is not given: freePort() by default. The harness's own test
   * gives one that first hands out a port already taken, to see the server start on another.
   */
  pickPort?: () => Promise<number>;
}

/** What a test server (`durable: false`) adds to the command line. */
const TEST_SERVER_ARGS = ['--innodb-flush-log-at-trx-commit=2', '--innodb-doublewrite=0'];

/**
 * Test servers keep their data here when it is a tmpfs with room to spare. Creating an app's
 * schema (its migrations: some 220 DDL statements, each creating, syncing and renaming files)
 * took 1 to 10 s and more on this machine's disk, with other work on it, and 0.4-0.6 s in RAM.
 */
const RAM_DIR = '/dev/shm';
const RAM_DIR_MIN_FREE_BYTES = 2 * 1024 ** 3;

/**
 * Where a test keeps throw-away files that are written often (a test MariaDB's data dir, the e2e
 * suite's SQLite files, the cluster suite's nodes): /dev/shm when it has room, else the temp dir.
 */
export async function scratchParent(): Promise<string> {
  try {
    const fs = await statfs(RAM_DIR);
    if (fs.bavail * fs.bsize >= RAM_DIR_MIN_FREE_BYTES) {
      await access(RAM_DIR, constants.W_OK);
      return RAM_DIR;
    }
  } catch {
    // no /dev/shm (or not writable): the disk it is
  }
  return tmpdir();
}

export async function startMariaDb(options: MariaDbOptions = {}): Promise<MariaDbServer> {
  const bin = locateBinaries();
  const durable = options.durable ?? false;
  const dataDir = await mkdtemp(
    join(options.dataParent ?? (durable ? tmpdir() : await scratchParent()), 'portal-mariadb-'),
  );
  const socket = join(dataDir, 'sock');
  // With an extension: given a bare name, mariadbd writes to <name>.err instead.
  const errorLog = join(dataDir, 'error.log');
  const osUser = userInfo().username; // STACK.md: --user=root is required when running as root

  try {
    await run(bin.installDb, [
      `--user=${osUser}`,
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${describeExecError(error)}`);
  }

  const pickPort = options.pickPort ?? freePort;
  let port = options.port ?? (await pickPort());
  const argsFor = (tcpPort: number): string[] => [
    '--no-defaults',
    `--user=${osUser}`,
    `--datadir=${dataDir}`,
    `--socket=${socket}`,
    `--port=${tcpPort}`,
    '--bind-address=127.0.0.1',
    `--pid-file=${join(dataDir, 'pid')}`,
    `--log-error=${errorLog}`,
    ...(durable ? [] : TEST_SERVER_ARGS),
    ...(options.serverArgs ?? []),
  ];
  let server = spawn(bin.server, argsFor(port), { stdio: 'ignore' });
  const killOnExit = (): void => {
    server.kill('SIGKILL'); // also ends a frozen (SIGSTOPped) server
  };
  process.once('exit', killOnExit);

  const isRunning = (): boolean => server.exitCode === null && server.signalCode === null;
  const exited = (child: ChildProcess): Promise<void> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (isRunning()) server.kill('SIGCONT'); // a frozen server cannot shut down
    await shutdown(server, bin.admin, socket);
    await rm(dataDir, { recursive: true, force: true });
  };

  const kill = async (): Promise<void> => {
    if (!isRunning()) return;
    const gone = exited(server);
    server.kill('SIGKILL');
    await gone;
  };

  const restart = async (): Promise<void> => {
    if (isRunning()) throw new Error('restart(): mariadbd is still running; kill() it first');
    server = spawn(bin.server, argsFor(port), { stdio: 'ignore' });
    await waitUntilReady(server, bin.admin, socket, errorLog);
  };

  try {
    // A port freePort() found may be bound by another process before mariadbd binds it: then
    // this server exits at once, and (when the caller named no port) it starts again on another.
    for (let attempt = 1; ; attempt++) {
      try {
        await waitUntilReady(server, bin.admin, socket, errorLog);
        break;
      } catch (error) {
        const lostPort =
          options.port === undefined &&
          attempt < 4 &&
          !isRunning() &&
          /Address already in use|Bind on TCP\/IP port/i.test(await logTail(errorLog));
        if (!lostPort) throw error;
        port = await pickPort();
        await writeFile(errorLog, '');
        server = spawn(bin.server, argsFor(port), { stdio: 'ignore' });
      }
    }
    const password = randomBytes(16).toString('hex');
    await createTestUser(bin.client, socket, password);
    return {
      rootUrl: `mysql://${TEST_USER}:${password}@127.0.0.1:${port}`,
      port,
      stop,
      kill,
      shutdown: () => shutdown(server, bin.admin, socket),
      freeze: () => void server.kill('SIGSTOP'),
      thaw: async () => {
        server.kill('SIGCONT');
        await waitUntilReady(server, bin.admin, socket, errorLog);
      },
      restart,
      pid: () => server.pid ?? 0,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Creates a fresh, uniquely named utf8mb4 database and returns its `mariadb://…/name` URL (the
 * scheme that tells the app's TypeORM it talks to MariaDB).
 */
export async function createDatabase(rootUrl: string): Promise<string> {
  const name = `e2e_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const connection = await createConnection(rootUrl);
  try {
    await connection.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
  const url = new URL(rootUrl);
  url.pathname = `/${name}`;
  return url.toString().replace(/^mysql:/, 'mariadb:');
}

/** Drops the database named in the URL's path (no error if it is already gone). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^\w+$/.test(name)) {
    throw new Error(`dropDatabase: refusing to drop suspicious database name "${name}"`);
  }
  url.pathname = '';
  const connection = await createConnection(url.toString());
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

type Binaries = Record<keyof typeof BINARIES, string>;

function locateBinaries(): Binaries {
  const found: Partial<Binaries> = {};
  for (const key of Object.keys(BINARIES) as (keyof typeof BINARIES)[]) {
    const path = BINARIES[key].find((candidate) => existsSync(candidate));
    if (!path) {
      throw new Error(
        `MariaDB binaries not found (looked for ${BINARIES[key].join(', ')}). Install them with: ` +
          'apt-get install -y --no-install-recommends mariadb-server mariadb-client',
      );
    }
    found[key] = path;
  }
  return found as Binaries;
}

async function waitUntilReady(
  server: ChildProcess,
  admin: string,
  socket: string,
  errorLog: string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `mariadbd exited early (code ${server.exitCode ?? server.signalCode}).\n` +
          (await logTail(errorLog)),
      );
    }
    try {
      await run(admin, [`--socket=${socket}`, '-uroot', 'ping'], { timeout: 2_000 });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(
    `mariadbd did not answer "mariadb-admin ping" within ${READY_TIMEOUT_MS} ms.\n` +
      (await logTail(errorLog)),
  );
}

async function createTestUser(client: string, socket: string, password: string): Promise<void> {
  const statements = ['127.0.0.1', 'localhost'].flatMap((host) => [
    `CREATE USER '${TEST_USER}'@'${host}' IDENTIFIED BY '${password}';`,
    `GRANT ALL PRIVILEGES ON *.* TO '${TEST_USER}'@'${host}' WITH GRANT OPTION;`,
  ]);
  await run(client, [`--socket=${socket}`, '-uroot', '-e', statements.join(' ')]);
}

async function shutdown(server: ChildProcess, admin: string, socket: string): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  await run(admin, [`--socket=${socket}`, '-uroot', 'shutdown'], { timeout: 5_000 }).catch(() =>
    server.kill('SIGTERM'),
  );
  const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function logTail(errorLog: string, lines = 20): Promise<string> {
  const text = await readFile(errorLog, 'utf8').catch(() => '(no error log written)');
  return `Tail of ${errorLog}:\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`;
}

function describeExecError(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error) {
    return `${String(error.stderr).trim()}`;
  }
  return String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
