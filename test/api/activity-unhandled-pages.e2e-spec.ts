// Issue 11 (with issue 12's activity events): the staff-notices and webhook passes read unhandled
// events in batches, each batch after the last event of the one before (created_at, then id), so
// a pass never steps again over the rows it has just marked. Events sharing a created_at, a lower
// bound and marks between batches, on the real database (SQLite and MariaDB); and each batch is
// read on the consumer's index in its order (EXPLAIN: no scan, no sort).
import { randomUUID } from 'node:crypto';
import { DataSource, type Logger } from 'typeorm';
import { sqlTime } from '../../apps/api/src/database/sql-values';
import { ActivityService } from '../../apps/api/src/events/activity.service';
import type { ActivityEvent } from '../../apps/api/src/events/activity-event.entity';
import { createTestApp, type TestApp } from '../support/app';

const mariadb = process.env.E2E_DB === 'mariadb';

describe('unhandled activity events, read in batches after a cursor', () => {
  let t: TestApp;
  let db: DataSource;
  let activity: ActivityService;
  const client = randomUUID();
  const base = Date.parse('2030-01-01T00:00:00.000Z');
  /** Ids by creation, as the passes must see them: five at one instant, two a millisecond later. */
  const same = Array.from({ length: 5 }, () => randomUUID()).sort();
  const next = Array.from({ length: 2 }, () => randomUUID()).sort();

  beforeAll(async () => {
    // The jobs' own timers an hour apart: only the test reads and marks.
    t = await createTestApp({ WEBHOOK_POLL_MS: '3600000', STAFF_NOTIFY_POLL_MS: '3600000' });
    db = t.app.get(DataSource);
    activity = t.app.get(ActivityService);
    // Other events (a test run's, earlier) are all handled first: these are the only ones left.
    await db.query(`UPDATE activity_events SET notified_at = ? WHERE notified_at IS NULL`, [
      sqlTime(new Date(base)),
    ]);
    const insert = (id: string, at: number, notified: boolean) =>
      db.query(
        `INSERT INTO activity_events (id, type, actor_type, actor_id, client_id, task_id, dispatch_id, subject_id, detail, created_at, notified_at, fanned_out_at)
         VALUES (?, 'message.posted', 'client', NULL, ?, NULL, NULL, NULL, NULL, ?, ?, NULL)`,
        [id, client, sqlTime(new Date(at)), notified ? sqlTime(new Date(at)) : null],
      );
    for (const id of same) await insert(id, base, false);
    for (const id of next) await insert(id, base + 1, false);
    await insert(randomUUID(), base, true); // handled already: never read
  });
  afterAll(() => t?.close());

  /** Every page of `size` from the start, each after the last one's final event. */
  async function walk(size: number, since?: Date): Promise<string[][]> {
    const pages: string[][] = [];
    let after: ActivityEvent | undefined;
    for (;;) {
      const page = await activity.unhandled('notify', size, { since, after });
      if (page.length === 0) return pages;
      pages.push(page.map((e) => e.id));
      after = page[page.length - 1];
    }
  }

  it('walks every unhandled event once, in (created_at, id) order, across equal times', async () => {
    const pages = await walk(2);
    expect(pages.flat()).toEqual([...same, ...next]);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect((await walk(3)).flat()).toEqual([...same, ...next]);
  });

  it('a lower bound leaves out what came before it', async () => {
    expect((await walk(2, new Date(base + 1))).flat()).toEqual(next);
    expect((await walk(2, new Date(base + 2))).flat()).toEqual([]);
  });

  it('marks between batches do not change what the next batch reads', async () => {
    const first = await activity.unhandled('notify', 3);
    expect(first.map((e) => e.id)).toEqual(same.slice(0, 3));
    await db.query(
      `UPDATE activity_events SET notified_at = ? WHERE id IN (${first.map(() => '?').join(', ')})`,
      [sqlTime(new Date(base + 5)), ...first.map((e) => e.id)],
    );
    const second = await activity.unhandled('notify', 3, { after: first[2] });
    expect(second.map((e) => e.id)).toEqual([...same.slice(3), next[0]]);
    // From the start again (the next pass): the marked ones are gone.
    expect((await walk(10)).flat()).toEqual([...same.slice(3), ...next]);
  });

  it("reads each batch on the consumer's index, in its order: no scan, no sort", async () => {
    // A table of mostly handled events (the shape it has), analyzed, so the plan is the real one.
    const handled = sqlTime(new Date(base - 1000));
    for (let chunk = 0; chunk < 10; chunk++) {
      const rows = Array.from({ length: 200 }, (_, i) => [
        randomUUID(),
        client,
        sqlTime(new Date(base - 60_000 + chunk * 200 + i)),
        handled,
        handled,
      ]);
      await db.query(
        `INSERT INTO activity_events (id, type, actor_type, actor_id, client_id, task_id, dispatch_id, subject_id, detail, created_at, notified_at, fanned_out_at)
         VALUES ${rows.map(() => "(?, 'message.posted', 'client', NULL, ?, NULL, NULL, NULL, NULL, ?, ?, ?)").join(', ')}`,
        rows.flat(),
      );
    }
    await db.query(mariadb ? 'ANALYZE TABLE activity_events' : 'ANALYZE');
    const reads: { sql: string; params: unknown[] }[] = [];
    const logger = (db as unknown as { logger: Logger }).logger;
    (db as unknown as { logger: Logger }).logger = Object.assign(Object.create(logger) as Logger, {
      logQuery: (sql: string, params?: unknown[]) => {
        if (/FROM activity_events/i.test(sql)) reads.push({ sql, params: params ?? [] });
      },
    });
    try {
      const first = await activity.unhandled('notify', 2);
      await activity.unhandled('notify', 2, { after: first[1] });
      // An endpoint active for the last minute: most of what happened since is handled.
      await activity.unhandled('fan-out', 2, { since: new Date(base - 30_000), after: first[1] });
    } finally {
      (db as unknown as { logger: Logger }).logger = logger;
    }
    expect(reads).toHaveLength(3);
    for (const [n, read] of reads.entries()) {
      const index = n < 2 ? 'ix_activity_events_notify' : 'ix_activity_events_fan_out';
      if (mariadb) {
        const plan = await db.query<
          { type: string; key: string | null; rows: string; Extra: string | null }[]
        >(`EXPLAIN ${read.sql}`, read.params);
        expect(plan).toHaveLength(1);
        // The consumer's index, every time: left to itself MariaDB sometimes merged in the
        // creation-time index or the primary key (for the cursor's `id > ?`) and sorted.
        expect(plan[0].key).toBe(index);
        expect(['ref', 'range']).toContain(plan[0].type);
        expect(Number(plan[0].rows)).toBeLessThan(50);
        expect(plan[0].Extra ?? '').not.toMatch(/filesort|temporary/i);
      } else {
        const plan = await db.query<{ detail: string }[]>(
          `EXPLAIN QUERY PLAN ${read.sql}`,
          read.params,
        );
        const details = plan.map((r) => r.detail).join('\n');
        expect(details).toMatch(new RegExp(`SEARCH \\w+ USING (COVERING )?INDEX ${index}`));
        expect(details).not.toMatch(/\bSCAN \w+\b(?! USING)|TEMP B-TREE/);
      }
    }
  });
});
