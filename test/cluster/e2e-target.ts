// E2E_TARGET=cluster (issue 15 item 2): createTestApp() (test/support/app.ts) answers the same
// TestApp shape, but every request goes through HAProxy to the three API instances on the three
// Galera nodes. Set by the cluster suite's global setup; the specs that run this way are named
// in test/cluster/e2e-specs.ts.
//
// What a TestApp is here, part by part:
// - its own database, as in-process: a fresh `app_e2e_<hex>` on the cluster, and the three
//   instances restarted on it with the spec's overrides (the first alone: it applies the
//   migrations and creates the first admin; then the other two), each on its own node;
// - `http`: HAProxy's address (supertest takes a URL), round-robin over the instances;
// - `t.app.get(Clock)`: moves the clock of every instance, through the test-clock endpoint
//   (TEST_CLOCK=true) on each instance directly, and returns only when all three moved;
// - `t.app.get(DiscoveryService | Reflector)`, for a spec listed with `routeTable`: the route
//   metadata of the same AppModule with the instances' env (see routeTable below);
// - `t.app.get(DataSource)`: TypeORM with the product's own data-source options on the spec's
//   database through node 1, with causal reads (wsrep_sync_wait=1: a read first waits for every
//   write the cluster committed before it, wherever it was committed);
// - mail: the cluster's SMTP catcher (E2E_MAIL_DIR);
// - anything else of `t.app` lives in the app's process, which runs elsewhere: it throws, and
//   such a spec is listed in NOT_THROUGH_CLUSTER instead (our modules are never faked).
// A createTestApp while another is open (a nested describe) restarts the instances with the
// new app; its close() restarts them with the outer one again (same database, clock re-applied).
// Each app's close() appends what HAProxy and the nodes counted meanwhile to
// `<workDir>/e2e-spread.jsonl`; the global teardown sums and checks it.
import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { basename, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import * as mysql2 from 'mysql2';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { BoundedMysqlDriver, DATABASE_LIMITS } from '../../apps/api/src/database/bounded-mysql';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { ENTITIES } from '../../apps/api/src/entities';
import { testAppDefaults, type TestApp } from '../support/app';
import { clusterState, stateFile } from './cluster-env';
import {
  type ApiState,
  type ClusterState,
  haproxyStats,
  rootSql,
  startInstances,
  stopInstances,
  wsrepStatus,
} from './harness';
import { clusterE2eSpec } from './e2e-specs';
import { SPREAD_FILE, type SpreadRecord } from './e2e-spread';

interface Target {
  database: string;
  envs: Record<string, string>[];
  clock: ClusterClock;
}

/** The apps open in this spec file, outermost first: the instances run the last one's. */
const open: Target[] = [];

export async function createClusterTestApp(
  overrides: Record<string, string> = {},
): Promise<TestApp> {
  if ('DATABASE_URL' in overrides) {
    throw new Error(notRemote('createTestApp({ DATABASE_URL })'));
  }
  const state = clusterState();
  const spec = currentSpec();
  const database = `app_e2e_${randomBytes(5).toString('hex')}`;
  const appUser = new URL(baseEnv(state.apis[0]).DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
  await rootSql(state, [
    `CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    ...['127.0.0.1', 'localhost'].map(
      (host) => `GRANT ALL ON ${database}.* TO '${appUser.username}'@'${host}'`,
    ),
  ]);
  const appSecret = randomBytes(32).toString('hex');
  const listed = clusterE2eSpec(spec);
  const testClock = !listed?.routeTable;
  const target: Target = {
    database,
    envs: state.apis.map((api) => instanceEnv(api, database, appSecret, overrides, testClock)),
    clock: new ClusterClock(state.apis.map((api) => api.url)),
  };
  const routes = listed?.routeTable ? await routeTable(target.envs[0]) : null;

  const started = Date.now();
  try {
    await stopInstances(stateFile());
    await startInstances(stateFile(), target.envs);
  } catch (error) {
    // The instances back on the app the spec already has open, if any, for its other tests.
    await stopInstances(stateFile()).catch(() => undefined);
    const outer = open.at(-1);
    if (outer) {
      await startInstances(stateFile(), outer.envs).catch(() => undefined);
      outer.clock.reapply();
    }
    await dropDatabase(state, database).catch(() => undefined);
    await target.clock.close();
    throw error;
  }
  const startSeconds = (Date.now() - started) / 1000;
  // The clock's worker thread started and its first request made now, not in a spec's timing.
  if (testClock) target.clock.now();
  const before = await counters(state);
  const dataSource = await causalDataSource(state, database);
  open.push(target);
  const depth = open.length - 1;

  let closed = false;
  const app = {
    get(token: unknown): unknown {
      if (token === Clock && testClock) return target.clock;
      if (token === DataSource) return dataSource;
      if (routes && (token === DiscoveryService || token === Reflector)) return routes.get(token);
      throw new Error(notRemote(`t.app.get(${nameOf(token)})`));
    },
    getHttpServer(): never {
      throw new Error(notRemote('t.app.getHttpServer()'));
    },
  };
  return {
    app: app as unknown as INestApplication,
    // supertest takes a URL as well as a server: the factories go through HAProxy unchanged.
    http: state.url as unknown as Server,
    databaseUrl: state.databaseUrls[0].replace(/\/app$/, `/${database}`),
    env: target.envs[0],
    async close() {
      if (closed) return;
      closed = true;
      const after = await counters(state);
      await appendFile(
        join(state.workDir, SPREAD_FILE),
        `${JSON.stringify({
          spec,
          depth,
          overrides: Object.keys(overrides),
          startSeconds,
          requests: difference(after.requests, before.requests),
          answers5xx: difference(after.answers5xx, before.answers5xx),
          nodeCommits: difference(after.nodeCommits, before.nodeCommits),
        } satisfies SpreadRecord)}\n`,
      );
      await dataSource.destroy();
      await target.clock.close();
      open.splice(open.indexOf(target), 1);
      await stopInstances(stateFile());
      const outer = open.at(-1);
      if (outer) {
        // Back to the app the spec opened first: its database, env and clock.
        await startInstances(stateFile(), outer.envs);
        outer.clock.reapply();
      }
      await dropDatabase(state, database);
    },
  };
}

/** The env an instance runs a spec's app with: the in-process defaults, its port and node. */
function instanceEnv(
  api: ApiState,
  database: string,
  appSecret: string,
  overrides: Record<string, string>,
  testClock: boolean,
): Record<string, string> {
  const base = baseEnv(api);
  const s3 = Object.entries(base).filter(([key]) => key.startsWith('STORAGE_S3_'));
  return {
    ...testAppDefaults(),
    // One secret for the three: any instance opens what another sealed.
    APP_SECRET: appSecret,
    PORT: base.PORT,
    HOST: base.HOST,
    SMTP_URL: base.SMTP_URL,
    DATABASE_URL: base.DATABASE_URL.replace(/\/app$/, `/${database}`),
    // Documents on the cluster's shared bucket, unless the spec gives a folder (the three
    // instances on this machine then share it, as a shared volume would).
    ...('STORAGE_DIR' in overrides ? {} : Object.fromEntries(s3)),
    ...(testClock ? { TEST_CLOCK: 'true' } : {}),
    ...overrides,
  };
}

function baseEnv(api: ApiState): Record<string, string> {
  return api.baseEnv ?? api.env;
}

async function dropDatabase(state: ClusterState, database: string): Promise<void> {
  await rootSql(state, [`DROP DATABASE IF EXISTS ${database}`]);
}

/**
 * The spec's view of its database: the product's data-source options through node 1, each
 * connection with wsrep_sync_wait=1, so a read sees every write the cluster acknowledged before
 * it (a write through another node included).
 */
async function causalDataSource(state: ClusterState, database: string): Promise<DataSource> {
  const url = state.databaseUrls[0].replace(/\/app$/, `/${database}`);
  const options = dataSourceOptions({ driver: 'mysql', flavor: 'mariadb', url }, ENTITIES);
  const createPool = ((poolOptions: mysql2.PoolOptions) => {
    const pool = mysql2.createPool(poolOptions);
    pool.on('connection', (connection) => {
      connection.query('SET SESSION wsrep_sync_wait = 1', () => undefined);
    });
    return pool;
  }) as typeof mysql2.createPool;
  const driver = new BoundedMysqlDriver(DATABASE_LIMITS, {
    createPool,
    createPoolCluster: mysql2.createPoolCluster,
  });
  const dataSource = new DataSource({
    ...options,
    driver,
    extra: driver.poolOptions(),
  });
  return dataSource.initialize();
}

/**
 * What appRoutes (test/support/app-routes.ts) reads, for a spec listed with `routeTable`: the
 * route metadata of the AppModule the instances run, built here with their env in Nest's preview
 * mode (the module graph only: no provider instantiated, no database connection).
 */
async function routeTable(env: Record<string, string>): Promise<{ get(token: unknown): unknown }> {
  const { AppModule } = await import('../../apps/api/src/app.module');
  const { loadConfig } = await import('../../apps/api/src/config/app-config');
  const preview = await NestFactory.create(AppModule.register(loadConfig(env)), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const discovery = new DiscoveryService(preview.get(ModulesContainer));
  const reflector = new Reflector();
  return { get: (token) => (token === DiscoveryService ? discovery : reflector) };
}

/**
 * The Clock every instance uses, moved on all three through their test-clock endpoints. The
 * specs call advance() without awaiting (the in-process Clock is synchronous), so each call
 * waits here until every instance has answered with the new offset.
 */
class ClusterClock {
  private offsetMs = 0;
  private readonly caller = new SyncCaller();

  constructor(private readonly instances: string[]) {}

  close(): Promise<void> {
    return this.caller.close();
  }

  now(): Date {
    return new Date(this.call('GET', '', undefined)[0].now);
  }

  advance(ms: number): void {
    this.call('POST', '/advance', { ms }, this.offsetMs + ms);
    this.offsetMs += ms;
  }

  reset(): void {
    this.call('DELETE', '', undefined, 0);
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** After the instances restarted (clock at 0): the offset this app had. */
  reapply(): void {
    if (this.offsetMs !== 0) this.call('POST', '/advance', { ms: this.offsetMs }, this.offsetMs);
  }

  private call(
    method: string,
    path: string,
    body: unknown,
    expectOffset?: number,
  ): { now: string; offsetMs: number }[] {
    const urls = this.instances.map((url) => `${url}/api/test/clock${path}`);
    const answers = this.caller.call(
      method,
      body === undefined ? '' : JSON.stringify(body),
      urls,
    ) as {
      now: string;
      offsetMs: number;
    }[];
    if (expectOffset !== undefined && answers.some((a) => a.offsetMs !== expectOffset)) {
      throw new Error(`Instance clocks disagree: ${JSON.stringify(answers)}`);
    }
    return answers;
  }
}

/**
 * Calls URLs and answers their JSON bodies while blocking this thread until all answered (the
 * specs' advance() is synchronous): one worker thread per app makes the requests and wakes this
 * one through a shared word. A child process per call would cost seconds on a loaded machine,
 * which the specs' timings (a Retry-After within a second) notice.
 */
class SyncCaller {
  private readonly done = new Int32Array(new SharedArrayBuffer(4));
  private readonly channel = new MessageChannel();
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(SYNC_CALLER, {
      eval: true,
      workerData: { done: this.done, port: this.channel.port2 },
      transferList: [this.channel.port2],
    });
    this.worker.unref();
  }

  call(method: string, body: string, urls: string[]): unknown[] {
    Atomics.store(this.done, 0, 0);
    this.channel.port1.postMessage({ method, body, urls });
    if (Atomics.wait(this.done, 0, 0, 30_000) === 'timed-out') {
      throw new Error(`${method} ${urls.join(', ')}: no answer within 30 s`);
    }
    const reply = receiveMessageOnPort(this.channel.port1)?.message as
      { answers: unknown[] } | { error: string } | undefined;
    if (!reply) throw new Error(`${method} ${urls.join(', ')}: the worker sent no answer`);
    if ('error' in reply) throw new Error(reply.error);
    return reply.answers;
  }

  async close(): Promise<void> {
    this.channel.port1.close();
    await this.worker.terminate();
  }
}

const SYNC_CALLER = `
const { workerData } = require('node:worker_threads');
const { done, port } = workerData;
port.on('message', ({ method, body, urls }) => {
  Promise.all(urls.map(async (url) => {
    const res = await fetch(url, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body || undefined,
    });
    if (res.status !== 200) throw new Error(method + ' ' + url + ' answered ' + res.status);
    return res.json();
  })).then(
    (answers) => port.postMessage({ answers }),
    (error) => port.postMessage({ error: String(error) }),
  ).finally(() => {
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  });
});`;

interface Counters {
  requests: Record<string, number>;
  answers5xx: Record<string, number>;
  nodeCommits: Record<string, number>;
}

async function counters(state: ClusterState): Promise<Counters> {
  const stats = await haproxyStats(state);
  const nodeCommits: Record<string, number> = {};
  for (const node of state.nodes) {
    nodeCommits[node.name] = Number(
      (await wsrepStatus(state, node.index)).wsrep_local_commits ?? 0,
    );
  }
  return {
    requests: Object.fromEntries(Object.entries(stats).map(([name, s]) => [name, s.sessions])),
    answers5xx: Object.fromEntries(Object.entries(stats).map(([name, s]) => [name, s.answers5xx])),
    nodeCommits,
  };
}

function difference(
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, n]) => [name, n - (before[name] ?? 0)]),
  );
}

function currentSpec(): string {
  const jestExpect = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect;
  return basename(jestExpect?.getState().testPath ?? 'unknown', '.e2e-spec.ts');
}

function nameOf(token: unknown): string {
  return typeof token === 'function' ? token.name : String(token);
}

function notRemote(what: string): string {
  return (
    `E2E_TARGET=cluster: ${what} reaches into the app's own process, which runs elsewhere. ` +
    'List the spec (or the test, in skip) in test/cluster/e2e-specs.ts with the reason.'
  );
}
