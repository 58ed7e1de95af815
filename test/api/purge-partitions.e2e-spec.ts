// Issue 11 (purge): on MariaDB `links` and `device_grants` are partitioned by month of expiry, and
// the purge drops a month whose rows all expired before its cutoff instead of deleting them one by
// one (apps/api/src/database/expiry-partitions.ts). Seen from outside: it takes exactly what the
// row-by-row purge takes (SPEC rule 9: nothing still inside its retention period), links still
// live keep answering during and after it, months are kept ready ahead, a long pause is caught up
// in one pass, and when the drop cannot get the table it gives way and the rows go one by one.
// On SQLite there are no partitions; purge.e2e-spec.ts covers the same rule on both databases.
import { createHash } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { Clock } from '../../apps/api/src/common/clock';
import { addMonths, monthStart } from '../../apps/api/src/database/expiry-partitions';
import { sqlTime } from '../../apps/api/src/database/sql-values';
import { PurgeJob } from '../../apps/api/src/links/purge.job';
import { browserAgent, StaffApi } from '../factories/staff-api';
import { createTestApp, TestApp } from '../support/app';

const DAY = 24 * 3_600_000;
const mariadb = process.env.E2E_DB === 'mariadb';
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
/** `p202611` for November 2026 (UTC), as the partitions are named. */
const monthOf = (t: Date): string => `p${t.toISOString().slice(0, 7).replace('-', '')}`;

(mariadb ? describe : describe.skip)('the purge by month of expiry (MariaDB)', () => {
  let t: TestApp;
  let db: DataSource;
  let staff: StaffApi;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    staff = await StaffApi.signIn(t.http);
  });
  afterAll(() => t.close());

  const now = (): Date => t.app.get(Clock).now();
  /** Moves the clock on; the staff session ends with it, so staff sign in again. */
  const advance = async (ms: number): Promise<void> => {
    t.app.get(Clock).advance(ms);
    staff = await StaffApi.signIn(t.http);
  };
  const purge = () => t.app.get(PurgeJob).purge();
  const months = async (table: string): Promise<string[]> =>
    (
      await db.query<{ name: string }[]>(
        `SELECT PARTITION_NAME AS name FROM information_schema.PARTITIONS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION`,
        [table],
      )
    ).map((r) => r.name);
  const rowsIn = async (table: string, partition: string): Promise<number> =>
    Number((await db.query(`SELECT COUNT(*) AS n FROM ${table} PARTITION (${partition})`))[0].n);
  /** The link's state as a browser sees it (by default one that never used it). */
  const state = async (token: string, browser = browserAgent(t.http)): Promise<string> =>
    (
      (await browser.post('/api/links/status').send({ token }).expect(200)).body as {
        state: string;
      }
    ).state;
  /** Makes a link (and the grant earned through it) expire at `at`, as if it was sent long ago. */
  const expireAt = async (token: string, at: Date): Promise<void> => {
    const [{ id }] = await db.query<{ id: string }[]>('SELECT id FROM links WHERE token_hash = ?', [
      sha256(token),
    ]);
    await db.query(
      'UPDATE links SET expires_at = ?, redeem_by = LEAST(redeem_by, ?) WHERE id = ?',
      [sqlTime(at), sqlTime(at), id],
    );
    await db.query('UPDATE device_grants SET expires_at = ? WHERE link_id = ?', [sqlTime(at), id]);
  };
  /** A link redeemed by a browser (a grant earned), and that browser. */
  const redeemed = async (): Promise<{
    token: string;
    browser: ReturnType<typeof browserAgent>;
  }> => {
    const { token } = await staff.dispatchedLink();
    const browser = browserAgent(t.http);
    await browser.post('/api/links/redeem').send({ token }).expect(200);
    return { token, browser };
  };

  it('lays links and grants out in the same months, from a year back to the month after next, then a catch-all', async () => {
    const links = await months('links');
    expect(await months('device_grants')).toEqual(links);
    expect(links).toEqual([
      ...Array.from({ length: 15 }, (_, i) => monthOf(addMonths(monthStart(now()), i - 12))),
      'pmax',
    ]);
  });

  it('drops the months that ended before the cutoff with what they hold, deletes the month the cutoff falls in row by row, keeps what is inside its retention, and live links answer all along', async () => {
    const cutoff = new Date(now().getTime() - 30 * DAY);
    const oldMonth = addMonths(monthStart(cutoff), -2);
    const [oldUsed, oldUnused, straddling, retained] = [
      (await redeemed()).token,
      (await staff.dispatchedLink()).token,
      (await redeemed()).token,
      (await staff.dispatchedLink()).token,
    ];
    const live = await redeemed();
    await expireAt(oldUsed, new Date(oldMonth.getTime() + 3 * DAY));
    await expireAt(oldUnused, new Date(oldMonth.getTime() + 9 * DAY));
    // In the cutoff's own month, before the cutoff: due, but its month is not over.
    await expireAt(
      straddling,
      new Date(Math.max(monthStart(cutoff).getTime(), cutoff.getTime() - 3_600_000)),
    );
    // Expired, but less than the 30-day retention ago: the expired page still offers a new link.
    await expireAt(retained, new Date(cutoff.getTime() + 3_600_000));
    expect(await rowsIn('links', monthOf(oldMonth))).toBe(2);
    expect(await rowsIn('device_grants', monthOf(oldMonth))).toBe(1);

    // The live link is asked about all through the pass, by 8 browsers at a time.
    let passing = true;
    const asked: Promise<string>[] = [];
    const pass = purge().finally(() => (passing = false));
    while (passing) {
      for (let i = 0; i < 8; i++) asked.push(state(live.token, live.browser));
      await Promise.all(asked.slice(-8));
    }
    expect(await pass).toMatchObject({ links: 3, deviceGrants: 2 });
    expect(new Set(await Promise.all(asked))).toEqual(new Set(['trusted']));
    // The full month went out through a table of its own, dropped since.
    expect(
      await db.query(
        `SELECT TABLE_NAME FROM information_schema.TABLES
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '%\\_out\\_%'`,
      ),
    ).toEqual([]);

    for (const table of ['links', 'device_grants']) {
      const left = await months(table);
      expect(left).not.toContain(monthOf(oldMonth));
      expect(left).toContain(monthOf(cutoff));
      expect(left[0]).toBe(monthOf(cutoff));
    }
    expect(await state(oldUsed)).toBe('unknown');
    expect(await state(oldUnused)).toBe('unknown');
    expect(await state(straddling)).toBe('unknown');
    expect(await state(retained)).toBe('expired');
    expect(await state(live.token, live.browser)).toBe('trusted');
  });

  it('keeps months ready ahead: a link sent today sits in its own month, never in the catch-all', async () => {
    await purge();
    const ahead = monthOf(new Date(now().getTime() + 61 * DAY));
    for (const table of ['links', 'device_grants']) {
      expect(await months(table)).toContain(ahead);
      expect(await rowsIn(table, 'pmax')).toBe(0);
    }
    const { token } = await redeemed();
    const [{ expires }] = await db.query<{ expires: Date }[]>(
      'SELECT expires_at AS expires FROM links WHERE token_hash = ?',
      [sha256(token)],
    );
    const month = monthOf(new Date(expires));
    expect(
      Number(
        (
          await db.query(
            `SELECT COUNT(*) AS n FROM links PARTITION (${month}) WHERE token_hash = ?`,
            [sha256(token)],
          )
        )[0].n,
      ),
    ).toBe(1);
    expect(await rowsIn('device_grants', month)).toBeGreaterThan(0);
  });

  it('gives way when a transaction holds the table, and then deletes the rows one by one', async () => {
    const unused = (await staff.dispatchedLink()).token;
    const used = (await redeemed()).token;
    const month = monthOf(new Date(now().getTime() + 30 * DAY));
    // 100 days on, those links' month ended long before the cutoff; the fresh one is sent then.
    await advance(100 * DAY);
    const fresh = await redeemed();
    const holder = await createConnection({
      uri: t.env.DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
    });
    try {
      await holder.query('START TRANSACTION');
      await holder.query('SELECT COUNT(*) FROM links');
      const counts = await purge();
      expect(counts.links).toBeGreaterThanOrEqual(2);
      // The drop could not have the table: the month is still there, empty.
      expect(await months('links')).toContain(month);
      expect(await rowsIn('links', month)).toBe(0);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await state(unused)).toBe('unknown');
    expect(await state(used)).toBe('unknown');
    expect(await state(fresh.token, fresh.browser)).toBe('trusted');
    // With the table free, the next pass drops the empty month.
    await purge();
    expect(await months('links')).not.toContain(month);
  });

  it('catches up after a long pause in one pass: every month over is dropped, months start again from this one', async () => {
    const before = await redeemed();
    await advance(550 * DAY);
    // Sent after the pause, before any pass: beyond every month, so in the catch-all.
    const after = await redeemed();
    expect(await rowsIn('links', 'pmax')).toBe(1);
    const counts = await purge();
    expect(counts.links).toBeGreaterThanOrEqual(1);
    for (const table of ['links', 'device_grants']) {
      const left = await months(table);
      expect(left[0]).toBe(monthOf(now()));
      expect(left).toContain(monthOf(new Date(now().getTime() + 61 * DAY)));
      expect(await rowsIn(table, 'pmax')).toBe(0);
    }
    expect(await state(before.token, before.browser)).toBe('unknown');
    expect(await state(after.token, after.browser)).toBe('trusted');
  });
});
