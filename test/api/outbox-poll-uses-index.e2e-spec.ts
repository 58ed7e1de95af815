// Issue 11: the outbox poll runs every second on every instance, so it must read an index in
// order and stop at its batch, never scan mail_outbox or sort it. The statement the running
// worker really sends is caught by a logger on the app's data source and explained, on a table
// of mostly sent mail with some pending mail waiting for a retry (the shape a busy outbox has).
// MariaDB: EXPLAIN; SQLite: EXPLAIN QUERY PLAN.
import { randomUUID } from 'node:crypto';
import { DataSource, type Logger } from 'typeorm';
import { CLAIM_STATEMENTS, claimIndexHint } from '../../apps/api/src/mail/outbox.worker';
import { createTestApp, type TestApp } from '../support/app';
import { eventually } from './outbox-helpers';

const mariadb = process.env.E2E_DB === 'mariadb';
const SENT = 3_000;
const WAITING = 200;

interface Statement {
  sql: string;
  params: unknown[];
}

/** Keeps the last poll of the outbox the worker sent (a SELECT on mail_outbox with a LIMIT). */
class PollLog implements Logger {
  poll: Statement | null = null;
  logQuery(sql: string, params?: unknown[]): void {
    if (/^\s*SELECT/i.test(sql) && /FROM\s+`?"?mail_outbox/i.test(sql) && /LIMIT/i.test(sql)) {
      this.poll = { sql, params: params ?? [] };
    }
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const time = (ms: number): string => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

/** Inserts mail_outbox rows (every column, in table order), 200 a statement, then analyzes. */
async function insertOutbox(ds: DataSource, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await ds.query(
      `INSERT INTO mail_outbox (id, to_address, template, sealed_payload, status, attempts, next_attempt_at, locked_until, locked_by, last_error, created_at, sent_at) VALUES ${chunk
        .map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .join(', ')}`,
      chunk.flat(),
    );
  }
  await ds.query(mariadb ? 'ANALYZE TABLE mail_outbox' : 'ANALYZE');
}

describe('the outbox poll reads an index (issue 11)', () => {
  let t: TestApp;
  let ds: DataSource;
  let log: PollLog;

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    const now = Date.now();
    const rows: unknown[][] = [];
    for (let i = 0; i < SENT + WAITING; i++) {
      const sent = i < SENT;
      const created = now - 86_400_000 + i * 10;
      rows.push([
        randomUUID(),
        `client${i}@example.test`,
        'staff-reply',
        null,
        sent ? 'sent' : 'pending',
        1,
        // Pending mail waits for a retry an hour from now: the poll finds none due.
        time(sent ? created : now + 3_600_000),
        null,
        null,
        null,
        time(created),
        sent ? time(created + 1000) : null,
      ]);
    }
    await insertOutbox(ds, rows);
    log = new PollLog();
    (ds as unknown as { logger: Logger }).logger = log;
  }, 120_000);
  afterAll(() => t?.close());

  it('reads pending mail oldest first on ix_mail_outbox_pending: no full scan, no sort', async () => {
    log.poll = null;
    const poll = await eventually('an outbox poll', () => Promise.resolve(log.poll));
    expect(poll.sql).toMatch(/ORDER BY/i);
    if (mariadb) {
      const plan = await ds.query<
        { table: string; type: string; key: string | null; Extra: string | null }[]
      >(`EXPLAIN ${poll.sql}`, poll.params);
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatchObject({ key: 'ix_mail_outbox_pending' });
      expect(['ref', 'range']).toContain(plan[0].type);
      expect(plan[0].Extra ?? '').not.toMatch(/filesort|temporary/i);
      // The check itself sees a sort: the same rows ordered by a column outside the index.
      const sorted = await ds.query<{ Extra: string | null }[]>(
        "EXPLAIN SELECT id FROM mail_outbox WHERE status = 'pending' ORDER BY to_address LIMIT 50",
      );
      expect(sorted[0].Extra ?? '').toMatch(/filesort/i);
    } else {
      const plan = await ds.query<{ detail: string }[]>(
        `EXPLAIN QUERY PLAN ${poll.sql}`,
        poll.params,
      );
      const details = plan.map((r) => r.detail).join('\n');
      // SEARCH on the index (COVERING when the statement reads only its columns); never a table
      // scan (SCAN <table> without USING) and no sort. SQLite names the table by its alias.
      expect(details).toMatch(/SEARCH \w+ USING (COVERING )?INDEX ix_mail_outbox_pending/);
      expect(details).not.toMatch(/\bSCAN \w+\b(?! USING)|TEMP B-TREE/);
      const sorted = await ds.query<{ detail: string }[]>(
        "EXPLAIN QUERY PLAN SELECT id FROM mail_outbox WHERE status = 'pending' ORDER BY to_address LIMIT 50",
      );
      expect(sorted.map((r) => r.detail).join('\n')).toMatch(/TEMP B-TREE/);
    }
  });
});

describe.each([
  ['a young outbox, all pending (a backlog)', 0, 300],
  ['a busy outbox, mostly sent', SENT, WAITING],
])("a claim's statements read the primary key (issue 11): %s", (_shape, sentRows, pendingRows) => {
  let t: TestApp;
  let ds: DataSource;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ OUTBOX_POLL_MS: '60000' });
    ds = t.app.get(DataSource);
    const now = Date.now();
    const rows: unknown[][] = [];
    for (let i = 0; i < sentRows + pendingRows; i++) {
      const sent = i < sentRows;
      const id = randomUUID();
      if (!sent && ids.length < 50) ids.push(id);
      const created = now - 86_400_000 + i * 10;
      rows.push([id, `c${i}@example.test`, 'staff-reply', null, sent ? 'sent' : 'pending', 0]);
      rows[rows.length - 1].push(time(created), null, null, null, time(created));
      rows[rows.length - 1].push(sent ? time(created + 1000) : null);
    }
    await insertOutbox(ds, rows);
  }, 120_000);
  afterAll(() => t?.close());

  it.each(Object.keys(CLAIM_STATEMENTS))(
    '%s touches only the listed rows, by primary key',
    async (name) => {
      const sql = CLAIM_STATEMENTS[name as keyof typeof CLAIM_STATEMENTS](
        ids.length,
        claimIndexHint(mariadb ? 'mysql' : 'sqlite'),
      );
      const params = [...Array<string>(sql.split('?').length - 1 - ids.length).fill('x'), ...ids];
      if (mariadb) {
        const plan = await ds.query<{ type: string; key: string | null }[]>(
          `EXPLAIN ${sql}`,
          params,
        );
        expect(plan).toHaveLength(1);
        expect(plan[0]).toMatchObject({ key: 'PRIMARY', type: 'range' });
      } else {
        const plan = await ds.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, params);
        const details = plan.map((r) => r.detail).join('\n');
        expect(details).toMatch(
          /SEARCH mail_outbox USING (INDEX sqlite_autoindex_mail_outbox_1|PRIMARY KEY) \(id=\?\)/,
        );
        expect(details).not.toMatch(/\bSCAN mail_outbox\b/);
      }
    },
  );
});
