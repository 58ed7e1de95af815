// Issue 12: retention. The purge (leased tick and `npm run purge`) deletes activity events older
// than ACTIVITY_RETENTION_DAYS, staff notices mailed longer ago than STAFF_NOTICE_RETENTION_DAYS
// and webhook deliveries that ended (delivered or failed) longer ago than
// WEBHOOK_DELIVERY_RETENTION_DAYS, in batches, each read through an index. Waiting notices and
// pending deliveries never go; the audit trail is not purged by this.
import { randomUUID } from 'node:crypto';
import { DataSource, type Logger } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { PurgeJob } from '../../apps/api/src/links/purge.job';
import { runPurge } from '../../apps/api/src/purge';
import { createTestApp, type TestApp } from '../support/app';

const mariadb = process.env.E2E_DB === 'mariadb';
const DAY = 86_400_000;
const time = (ms: number): string => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

/** The purge's batch reads (a SELECT with a LIMIT) on the three tables, last of each. */
class ReadLog implements Logger {
  reads = new Map<string, { sql: string; params: unknown[] }>();
  logQuery(sql: string, params?: unknown[]): void {
    const table = /FROM\s+[`"]?(activity_events|staff_notices|webhook_deliveries)[`"]?/i.exec(sql);
    if (table && /^\s*SELECT/i.test(sql) && /LIMIT/i.test(sql)) {
      this.reads.set(table[1], { sql, params: params ?? [] });
    }
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

describe('retention of activity events, staff notices and webhook deliveries (issue 12)', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp({
      PURGE_BATCH_SIZE: '2',
      // The jobs stay out of the way: the rows here are seeded by hand.
      WEBHOOK_POLL_MS: '3600000',
      STAFF_NOTIFY_POLL_MS: '3600000',
    });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const ids = async (table: string, marker: string): Promise<string[]> =>
    (
      await db.query<{ id: string }[]>(
        `SELECT id FROM ${table} WHERE ${markerColumn[table]} = ? ORDER BY id`,
        [marker],
      )
    ).map((r: { id: string }) => r.id);
  const markerColumn: Record<string, string> = {
    activity_events: 'client_id',
    staff_notices: 'client_id',
    webhook_deliveries: 'event_type',
  };

  async function activity(marker: string, createdAt: number): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO activity_events (id, type, actor_type, actor_id, client_id, task_id, dispatch_id, subject_id, detail, created_at, notified_at, fanned_out_at)
       VALUES (?, 'message.posted', 'client', NULL, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL)`,
      [id, marker, time(createdAt)],
    );
    return id;
  }

  async function notice(
    marker: string,
    createdAt: number,
    mailedAt: number | null,
  ): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO staff_notices (id, recipient, staff_id, event_id, event_type, client_id, task_id, created_at, mailed_at)
       VALUES (?, 'owner@firm.test', NULL, ?, 'message.posted', ?, ?, ?, ?)`,
      [
        id,
        randomUUID(),
        marker,
        randomUUID(),
        time(createdAt),
        mailedAt === null ? null : time(mailedAt),
      ],
    );
    return id;
  }

  async function delivery(
    marker: string,
    status: 'pending' | 'delivered' | 'failed',
    createdAt: number,
    endedOrNextAt: number,
  ): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, locked_until, locked_by, last_error, last_status_code, created_at, delivered_at)
       VALUES (?, ?, ?, ?, '{}', ?, 1, ?, NULL, NULL, NULL, NULL, ?, ?)`,
      [
        id,
        randomUUID(),
        randomUUID(),
        marker,
        status,
        time(endedOrNextAt),
        time(createdAt),
        status === 'delivered' ? time(endedOrNextAt) : null,
      ],
    );
    return id;
  }

  /** Old and recent rows of each kind, relative to `now`; returns the ids that must stay. */
  async function seed(marker: string, now: number): Promise<Record<string, string[]>> {
    const keep: Record<string, string[]> = {
      activity_events: [],
      staff_notices: [],
      webhook_deliveries: [],
    };
    // Activity events: 400 days by default.
    for (let i = 0; i < 3; i++) await activity(marker, now - 401 * DAY - i * 1000);
    keep.activity_events.push(await activity(marker, now - 399 * DAY));
    // Staff notices: mailed more than 90 days ago go; mailed since, or still waiting, stay.
    for (let i = 0; i < 3; i++) await notice(marker, now - 100 * DAY, now - 91 * DAY - i * 1000);
    keep.staff_notices.push(await notice(marker, now - 100 * DAY, now - 89 * DAY));
    keep.staff_notices.push(await notice(marker, now - 300 * DAY, null));
    // Webhook deliveries: ended (delivered or failed) more than 90 days ago go.
    await delivery(marker, 'delivered', now - 100 * DAY, now - 91 * DAY);
    await delivery(marker, 'delivered', now - 100 * DAY, now - 92 * DAY);
    await delivery(marker, 'failed', now - 100 * DAY, now - 95 * DAY);
    keep.webhook_deliveries.push(
      await delivery(marker, 'delivered', now - 100 * DAY, now - 89 * DAY),
    );
    keep.webhook_deliveries.push(await delivery(marker, 'failed', now - 100 * DAY, now - 10 * DAY));
    // Pending, however old (retrying, or due long ago and never sent): never purged.
    keep.webhook_deliveries.push(
      await delivery(marker, 'pending', now - 300 * DAY, now - 200 * DAY),
    );
    keep.webhook_deliveries.push(await delivery(marker, 'pending', now - 300 * DAY, now + DAY));
    for (const table of Object.keys(keep)) keep[table].sort();
    return keep;
  }

  it('the purge deletes old rows in batches; recent rows, waiting notices and pending deliveries stay; the audit trail stays', async () => {
    const clock = t.app.get(Clock);
    const marker = `m-${randomUUID().slice(0, 8)}`;
    const keep = await seed(marker, clock.now().getTime());
    const auditId = randomUUID();
    await db.query(
      `INSERT INTO audit_events (id, type, actor_type, actor_id, client_id, subject_id, ip, detail, created_at)
       VALUES (?, 'link.redeemed', 'system', NULL, NULL, NULL, NULL, NULL, ?)`,
      [auditId, time(clock.now().getTime() - 2000 * DAY)],
    );

    await t.app.get(PurgeJob).purge();
    for (const table of Object.keys(keep)) {
      expect({ table, ids: await ids(table, marker) }).toEqual({ table, ids: keep[table] });
    }
    expect(await db.query('SELECT id FROM audit_events WHERE id = ?', [auditId])).toHaveLength(1);

    // The test clock moves on: what was recent ages out, pending deliveries still stay.
    clock.advance(2 * DAY);
    await t.app.get(PurgeJob).purge();
    expect(await ids('activity_events', marker)).toEqual([]);
    const notices = await db.query('SELECT mailed_at FROM staff_notices WHERE client_id = ?', [
      marker,
    ]);
    expect(notices).toEqual([{ mailed_at: null }]);
    const left = await db.query<{ status: string }[]>(
      'SELECT status FROM webhook_deliveries WHERE event_type = ? ORDER BY status',
      [marker],
    );
    expect(left.map((r: { status: string }) => r.status)).toEqual(['failed', 'pending', 'pending']);
  });

  it('`npm run purge` applies the same retention', async () => {
    const marker = `c-${randomUUID().slice(0, 8)}`;
    // The command runs on the wall clock (no test clock in another context).
    const keep = await seed(marker, Date.now() - 1000);
    const counts = await runPurge({ ...t.env, HOST: '127.0.0.1' });
    expect(counts).toEqual({
      links: expect.any(Number),
      deviceGrants: expect.any(Number),
      sessions: expect.any(Number),
    });
    for (const table of Object.keys(keep)) {
      expect({ table, ids: await ids(table, marker) }).toEqual({ table, ids: keep[table] });
    }
  });

  it('each batch read goes through an index (EXPLAIN)', async () => {
    // A table of mostly recent rows, the shape a year of use has.
    const now = t.app.get(Clock).now().getTime();
    const recent = 1500;
    for (let i = 0; i < recent; i += 250) {
      const n = Math.min(250, recent - i);
      const a: unknown[] = [];
      const s: unknown[] = [];
      const w: unknown[] = [];
      for (let k = 0; k < n; k++) {
        const at = time(now - (i + k) * 60_000);
        a.push(randomUUID(), 'bulk', at);
        s.push(randomUUID(), randomUUID(), 'bulk', randomUUID(), at, at);
        w.push(
          randomUUID(),
          randomUUID(),
          randomUUID(),
          k % 2 ? 'delivered' : 'failed',
          at,
          at,
          at,
        );
      }
      await db.query(
        `INSERT INTO activity_events (id, type, actor_type, client_id, created_at) VALUES ${Array(n)
          .fill("(?, 'message.posted', 'client', ?, ?)")
          .join(', ')}`,
        a,
      );
      await db.query(
        `INSERT INTO staff_notices (id, recipient, event_id, event_type, client_id, task_id, created_at, mailed_at) VALUES ${Array(
          n,
        )
          .fill("(?, 'owner@firm.test', ?, 'message.posted', ?, ?, ?, ?)")
          .join(', ')}`,
        s,
      );
      await db.query(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at, delivered_at) VALUES ${Array(
          n,
        )
          .fill("(?, ?, ?, 'bulk', '{}', ?, 1, ?, ?, ?)")
          .join(', ')}`,
        w,
      );
    }
    await db.query(
      mariadb ? 'ANALYZE TABLE activity_events, staff_notices, webhook_deliveries' : 'ANALYZE',
    );
    const log = new ReadLog();
    const original = (db as unknown as { logger: Logger }).logger;
    (db as unknown as { logger: Logger }).logger = log;
    try {
      await t.app.get(PurgeJob).purge();
    } finally {
      (db as unknown as { logger: Logger }).logger = original;
    }
    const expected: Record<string, string> = {
      activity_events: 'ix_activity_events_created',
      staff_notices: 'ix_staff_notices_pending',
      webhook_deliveries: 'ix_webhook_deliveries_pending',
    };
    for (const [table, index] of Object.entries(expected)) {
      const read = log.reads.get(table);
      expect({ table, read: Boolean(read) }).toEqual({ table, read: true });
      const plan = await db.query(
        `${mariadb ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${read!.sql}`,
        read!.params,
      );
      const text = JSON.stringify(plan);
      expect({ table, usesIndex: text.includes(index) }).toEqual({ table, usesIndex: true });
      expect({ table, sorts: /filesort|TEMP B-TREE/i.test(text) }).toEqual({ table, sorts: false });
    }
  });
});
