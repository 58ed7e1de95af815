// Issue 9, item 3: while the database is unreachable every API route answers 503 with
// Retry-After and a clear message (never 500, never a hang); service returns within 2 s of the
// database's return; no acknowledged write is lost; background jobs and the process survive.
// The real app (in this process: an uncaught error or unhandled rejection fails the test) on a
// real MariaDB of its own that this spec kills (SIGKILL) and freezes (SIGSTOP) under load.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import type { ClientView, TaskDetail } from '@app/contracts';
import type { AccessPolicy } from '../../apps/api/src/auth/decorators';
import { DATABASE_FAULT_ANSWERS } from '../../apps/api/src/exceptions.filter';
import { DATABASE_LIMITS } from '../../apps/api/src/database/bounded-mysql';
import { databaseFault } from '../../apps/api/src/database/database-errors';
import { PurgeJob } from '../../apps/api/src/links/purge.job';
import { clientWithTask, dispatchTasks } from '../factories/client-api';
import { StaffApi, uniqueEmail } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';
import { appRoutes } from '../support/app-routes';
import { MariaDbServer, startMariaDb } from '../support/mariadb';
import { SmtpCatcher, startSmtpCatcher } from '../support/smtp-catcher';
import { latency, Load, Operation, Sample } from './load';

/** How long the database stays killed (the issue's reproduction: 10 s). */
const KILL_MS = 10_000;
/** How long the database stays frozen: longer than every timeout of the pool. */
const FREEZE_MS = 2 * DATABASE_LIMITS.queryTimeoutMs;
/**
 * The longest any answer may take while the database is gone: the longest single wait the pool
 * allows (connect, acquire or one query), plus 1 s for a busy machine.
 */
const BOUND_MS =
  Math.max(
    DATABASE_LIMITS.connectTimeoutMs,
    DATABASE_LIMITS.acquireTimeoutMs,
    DATABASE_LIMITS.queryTimeoutMs,
  ) + 1_000;
/** Service must answer again within this of the database's return. */
const RECOVERY_MS = 2_000;
const CONCURRENCY = 6;
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

interface Fixture {
  client: ClientView;
  task: TaskDetail;
  device: request.Agent;
}

describe('database outage: 503 with Retry-After, quick recovery, no acknowledged write lost', () => {
  let mailDir: string;
  let smtp: SmtpCatcher | undefined;
  let mariadb: MariaDbServer | undefined;
  let t: TestApp | undefined;
  let staff: StaffApi;
  let fixtures: Fixture[];
  let databaseDown = false;
  const acknowledged: Sample[] = [];

  beforeAll(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'portal-fault-mail-'));
    smtp = await startSmtpCatcher(mailDir);
    mariadb = await startMariaDb();
    process.env.E2E_MAIL_DIR = mailDir;
    process.env.E2E_SMTP_URL = smtp.url;
    process.env.E2E_DB = 'mariadb';
    process.env.E2E_MARIADB_ROOT_URL = mariadb.rootUrl;
    t = await createTestApp({ OUTBOX_POLL_MS: '250', LOG_LEVEL: 'error' });
    await t.app.listen(0, '127.0.0.1'); // one real listening socket for every request
    staff = await StaffApi.signIn(t.http);
    fixtures = [];
    for (let i = 0; i < 3; i++) fixtures.push(await clientWithTask(staff, ['question']));
  });

  afterAll(async () => {
    if (databaseDown && mariadb) {
      await mariadb.thaw().catch(() => undefined);
      await mariadb.restart().catch(() => undefined);
    }
    await t?.close().catch(() => undefined);
    await mariadb?.stop();
    await smtp?.stop();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('MariaDB killed (SIGKILL) for 10 s under load: 503 + Retry-After on every route, back within 2 s', async () => {
    const db = mariadb!;
    const load = new Load(operations(), CONCURRENCY);
    let downAt = 0;
    let restartAt = 0;
    let upAt = 0;
    let walk: RouteAnswer[] = [];
    let purgeDuringOutage: unknown;
    load.start();
    try {
      await load.until('20 answered requests before the outage', (s) => okCount(s) >= 20);
      databaseDown = true;
      await db.kill();
      downAt = Date.now();
      await load.until('answers during the outage', (s) => s.some((x) => x.startedAt > downAt));
      walk = await walkEveryRoute();
      purgeDuringOutage = await t!.app
        .get(PurgeJob)
        .tick()
        .then(
          () => 'resolved',
          (error: unknown) => error,
        );
      await holdUntil(downAt + KILL_MS); // the injected fault lasts this long
      restartAt = Date.now();
      await db.restart();
      upAt = Date.now();
      databaseDown = false;
      await load.until(
        '20 answers started 2 s after the return',
        (s) =>
          s.some((x) => x.startedAt >= upAt + RECOVERY_MS && x.ok) && afterRecovery(s, upAt) >= 20,
      );
    } finally {
      await load.stop();
    }

    const report = analyse(load, { downAt, restartAt, upAt });
    console.log(
      `[fault] kill: outage ${restartAt - downAt} ms, MariaDB restart took ${upAt - restartAt} ms\n` +
        `  before: ${load.describe(report.before)}\n` +
        `  outage: ${load.describe(report.outage)}; latency ${latency(report.outage)}\n` +
        `  health during the outage: ${latency(report.outage.filter((s) => s.kind === 'health'))}\n` +
        `  recovery: first success ${report.recoveryMs} ms after the database answered; ` +
        `after: ${load.describe(report.after)}\n` +
        `  acknowledged writes: ${report.writes.length} (${report.writesDuringOutage} during the outage)\n` +
        `  every route during the outage: ${describeWalk(walk)}`,
    );
    expectOutageAnswers(load, report, 50);
    // Every route, as the caller it admits (staff bearer, trusted device, anonymous): 503.
    expect(walk.length).toBeGreaterThan(30);
    expect(walk.filter((r) => !acceptableDuringOutage(r))).toEqual([]);
    // The purge job's scheduled tick rejects with a database fault (its timer logs and goes on).
    expect(databaseFault(purgeDuringOutage)).toBe('unavailable');
    acknowledged.push(...report.writes);
    await expectWritesPresent(report.writes);
    // The jobs carry on: the purge runs, and the outbox delivers a new link e-mail (read by
    // clientWithTask from the SMTP catcher).
    await expect(t!.app.get(PurgeJob).tick()).resolves.toMatchObject({ links: expect.any(Number) });
    await clientWithTask(staff, ['question']);
  });

  it('MariaDB frozen (SIGSTOP) past every timeout: answers stay bounded, then it recovers', async () => {
    const db = mariadb!;
    const load = new Load(operations(), CONCURRENCY);
    let downAt = 0;
    let restartAt = 0;
    let upAt = 0;
    let frozenHealth: { status: number; retryAfter?: string; ms: number } | undefined;
    load.start();
    try {
      await load.until('20 answered requests before the freeze', (s) => okCount(s) >= 20);
      databaseDown = true;
      db.freeze();
      downAt = Date.now();
      // Few requests finish while frozen (each waits out a timeout), so the random mix may hold
      // no health probe: ask once on purpose. It must say 503 and when to ask again, in bounds.
      const probeStart = Date.now();
      const health = await request(t!.http).get('/api/health');
      frozenHealth = {
        status: health.status,
        retryAfter: health.headers['retry-after'],
        ms: Date.now() - probeStart,
      };
      await holdUntil(downAt + FREEZE_MS);
      restartAt = Date.now();
      await db.thaw();
      upAt = Date.now();
      databaseDown = false;
      await load.until(
        '20 answers started 2 s after the return',
        (s) =>
          s.some((x) => x.startedAt >= upAt + RECOVERY_MS && x.ok) && afterRecovery(s, upAt) >= 20,
      );
    } finally {
      await load.stop();
    }

    const report = analyse(load, { downAt, restartAt, upAt });
    console.log(
      `[fault] freeze: ${restartAt - downAt} ms\n` +
        `  before: ${load.describe(report.before)}\n` +
        `  frozen: ${load.describe(report.outage)}; latency ${latency(report.outage)}\n` +
        `  every request started while frozen: ${latency(report.startedDuring)}\n` +
        `  recovery: first success ${report.recoveryMs} ms after the database answered again ` +
        `(SIGCONT to ping: ${upAt - restartAt} ms); ` +
        `after: ${load.describe(report.after)}\n` +
        `  acknowledged writes: ${report.writes.length} (${report.writesDuringOutage} while frozen)`,
    );
    // Each worker waits out a timeout per request while frozen: fewer, slower answers.
    expectOutageAnswers(load, report, CONCURRENCY, { healthInMix: false });
    expect(frozenHealth).toMatchObject({ status: 503, retryAfter: '5' });
    expect(frozenHealth.ms).toBeLessThanOrEqual(BOUND_MS);
    acknowledged.push(...report.writes);
    await expectWritesPresent(acknowledged);
    // Mail still flows after the freeze (the outbox worker's ticks survived it).
    const client = await staff.createClient();
    const task = await staff.createTask(client.id);
    await dispatchTasks(staff, client, [task.id]);
    // The process is alive and well (an uncaught exception or unhandled rejection anywhere in
    // it would already have failed this test: jest fails on both).
    await request(t!.http).get('/api/health').expect(200);
  });

  // ---------------------------------------------------------------------------------------------

  function operations(): Operation[] {
    let turn = 0;
    let text = 0;
    const pick = (): Fixture => fixtures[turn++ % fixtures.length];
    return [
      {
        name: 'staff creates a client',
        kind: 'write',
        expected: 201,
        table: 'clients',
        send: () =>
          staff.post('/api/admin/clients').send({ email: uniqueEmail('fault'), name: 'Fault' }),
      },
      {
        name: 'client reads the dashboard',
        kind: 'read',
        expected: 200,
        send: () => pick().device.get('/api/me/tasks'),
      },
      {
        name: 'staff creates a task',
        kind: 'write',
        expected: 201,
        table: 'tasks',
        send: () =>
          staff.post(`/api/admin/clients/${pick().client.id}/tasks`).send({
            title: 'Fault task',
            requests: [{ kind: 'question', prompt: 'Still there?' }],
          }),
      },
      {
        name: 'client posts a message',
        kind: 'write',
        expected: 201,
        table: 'task_messages',
        send: () => {
          const f = pick();
          return f.device
            .post(`/api/me/tasks/${f.task.id}/messages`)
            .send({ body: `client message ${++text}` });
        },
      },
      {
        name: 'staff lists clients',
        kind: 'read',
        expected: 200,
        send: () => staff.get('/api/admin/clients'),
      },
      {
        name: 'staff replies (mail notice in the outbox)',
        kind: 'write',
        expected: 201,
        table: 'task_messages',
        send: () => {
          const f = pick();
          return staff
            .post(`/api/admin/clients/${f.client.id}/tasks/${f.task.id}/messages`)
            .send({ body: `staff reply ${++text}` });
        },
      },
      {
        name: 'staff reads a task',
        kind: 'read',
        expected: 200,
        send: () => {
          const f = pick();
          return staff.get(`/api/admin/clients/${f.client.id}/tasks/${f.task.id}`);
        },
      },
      {
        name: 'health',
        kind: 'health',
        expected: 200,
        send: () => request(t!.http).get('/api/health'),
      },
    ];
  }

  interface Report {
    upAt: number;
    before: Sample[];
    outage: Sample[];
    startedDuring: Sample[];
    after: Sample[];
    recoveryMs: number;
    writes: Sample[];
    writesDuringOutage: number;
  }

  function analyse(
    load: Load,
    { downAt, restartAt, upAt }: { downAt: number; restartAt: number; upAt: number },
  ): Report {
    const s = load.samples;
    // The first success after the database answered again (a request that was waiting on the
    // database when it returned counts: the service answers again).
    const firstOk = Math.min(...s.filter((x) => x.ok && x.endedAt >= upAt).map((x) => x.endedAt));
    const writes = s.filter((x) => x.kind === 'write' && x.ok);
    return {
      upAt,
      before: s.filter((x) => x.endedAt < downAt),
      outage: s.filter((x) => x.startedAt >= downAt && x.endedAt <= restartAt),
      startedDuring: s.filter((x) => x.startedAt >= downAt && x.startedAt < restartAt),
      after: s.filter((x) => x.startedAt >= upAt),
      recoveryMs: firstOk - upAt,
      writes,
      writesDuringOutage: writes.filter((x) => x.endedAt > downAt && x.startedAt < upAt).length,
    };
  }

  function expectOutageAnswers(
    load: Load,
    report: Report,
    minimumDuringOutage: number,
    { healthInMix = true }: { healthInMix?: boolean } = {},
  ): void {
    const s = load.samples;
    // Nothing but success or 503, before, during and after; no request without an answer.
    expect(s.filter((x) => !x.ok && x.status !== 503).map(brief)).toEqual([]);
    // No 503 takes longer than the pool's longest single wait, even while frozen; no request at
    // all hangs (one that waited on the frozen database may finish once it is back).
    expect(s.filter((x) => x.status === 503 && x.ms > BOUND_MS).map(brief)).toEqual([]);
    expect(s.filter((x) => x.ms > BOUND_MS + RECOVERY_MS).map(brief)).toEqual([]);
    // While the database is gone: only 503s, each with Retry-After and the clear message.
    expect(report.outage.length).toBeGreaterThanOrEqual(minimumDuringOutage);
    const unavailable = DATABASE_FAULT_ANSWERS.unavailable;
    expect(
      report.outage
        .filter(
          (x) =>
            x.status !== 503 ||
            // /api/health reports components, not an ApiError, but also says when to ask again.
            (x.kind === 'health'
              ? !x.retryAfter
              : x.retryAfter !== String(unavailable.retryAfterSeconds) ||
                x.error !== unavailable.error ||
                x.message !== unavailable.message),
        )
        .map(brief),
    ).toEqual([]);
    if (healthInMix)
      expect(report.outage.filter((x) => x.kind === 'health').length).toBeGreaterThan(0);
    // Back within 2 s of the database, and nothing but success from then on.
    expect(report.recoveryMs).toBeLessThanOrEqual(RECOVERY_MS);
    expect(
      report.after.filter((x) => x.startedAt >= report.upAt + RECOVERY_MS && !x.ok).map(brief),
    ).toEqual([]);
  }

  /** Every write the API acknowledged (2xx with an id) is in the database afterwards. */
  async function expectWritesPresent(writes: Sample[]): Promise<void> {
    expect(writes.length).toBeGreaterThan(0);
    const url = new URL(t!.databaseUrl.replace(/^mariadb:/, 'mysql:'));
    const connection = await createConnection(url.toString());
    try {
      const missing: string[] = [];
      for (const table of [...new Set(writes.map((w) => w.table!))]) {
        const ids = writes.filter((w) => w.table === table).map((w) => w.id!);
        const [rows] = await connection.query(`SELECT id FROM \`${table}\` WHERE id IN (?)`, [ids]);
        const found = new Set((rows as { id: string }[]).map((r) => r.id));
        missing.push(...ids.filter((id) => !found.has(id)).map((id) => `${table}:${id}`));
      }
      expect(missing).toEqual([]);
    } finally {
      await connection.end();
    }
  }

  interface RouteAnswer {
    method: string;
    path: string;
    policy: AccessPolicy['kind'] | 'none';
    status: number;
    error?: string;
  }

  /** Calls every route once, as the caller its policy admits, with an empty body. */
  async function walkEveryRoute(): Promise<RouteAnswer[]> {
    const f = fixtures[0];
    const calls = appRoutes(t!.app).map(({ method: verb, path: template, policy }) => {
      const path = template
        .replace(':clientId', f.client.id)
        .replace(':taskId', f.task.id)
        .replace(/:[A-Za-z]+/g, SAMPLE_ID);
      return async (): Promise<RouteAnswer> => {
        const caller =
          policy?.kind === 'staff'
            ? request(t!.http)[verb](path).set('Authorization', `Bearer ${staff.token}`)
            : policy?.kind === 'client'
              ? f.device[verb](path)
              : request(t!.http)[verb](path).set('X-Requested-With', 'XMLHttpRequest');
        const res = await (verb === 'get' ? caller : caller.send({})).ok(() => true);
        return {
          method: verb.toUpperCase(),
          path,
          policy: policy?.kind ?? 'none',
          status: res.status,
          error: (res.body as { error?: string } | undefined)?.error,
        };
      };
    });
    const answers: RouteAnswer[] = [];
    for (let i = 0; i < calls.length; i += CONCURRENCY) {
      answers.push(...(await Promise.all(calls.slice(i, i + CONCURRENCY).map((call) => call()))));
    }
    return answers;
  }
});

/**
 * During the outage a route answers 503 — except a public route that refuses the empty body
 * before it needs the database (a 4xx that does not depend on the database either way).
 */
/**
 * Public routes whose anonymous answer needs no database, so they may answer 200 during an outage:
 * the firm's branding (configuration only) and a browser's device status when it sends no device
 * cookie (nothing to look up: "no move"). With a device cookie the status reads the database.
 */
const NO_DATABASE_NEEDED = new Set(['GET /api/branding', 'GET /api/device/status']);

function acceptableDuringOutage(r: {
  method: string;
  path: string;
  policy: string;
  status: number;
}): boolean {
  if (r.status === 503) return true;
  if (r.policy === 'public' && r.status === 200) {
    return NO_DATABASE_NEEDED.has(`${r.method} ${r.path}`);
  }
  return r.policy === 'public' && r.status >= 400 && r.status < 500 && r.status !== 401;
}

function describeWalk(walk: { method: string; path: string; status: number }[]): string {
  const counts = new Map<number, number>();
  for (const r of walk) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const others = walk
    .filter((r) => r.status !== 503)
    .map((r) => `${r.method} ${r.path} ${r.status}`);
  return (
    `${walk.length} routes by status ${JSON.stringify(Object.fromEntries(counts))}` +
    (others.length ? ` (not 503: ${others.join(', ')})` : '')
  );
}

function okCount(samples: Sample[]): number {
  return samples.filter((s) => s.ok).length;
}

function afterRecovery(samples: Sample[], upAt: number): number {
  return samples.filter((s) => s.startedAt >= upAt + RECOVERY_MS).length;
}

function brief(s: Sample): string {
  return `${s.op}: ${s.status}${s.error ? ` ${s.error}` : ''}${s.failure ? ` (${s.failure})` : ''} in ${s.ms} ms`;
}

/** Keeps an injected fault in place until `at` (the fault's length is the experiment). */
function holdUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}
