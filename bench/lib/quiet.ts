/**
 * Waits, after a bulk seed, until MariaDB has written the seed's pages out and purged its undo
 * history, so the runs that follow measure requests, not the tail of the load: a seed of the large
 * size leaves gigabytes of dirty pages that InnoDB flushes in the background for a minute or more,
 * on the same two cores and disk as the runs (their p99 above all). InnoDB is asked to flush
 * eagerly (`innodb_max_dirty_pages_pct` 0, a high `innodb_io_capacity`) while it waits, and its
 * settings are put back after.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';

export interface Quiet {
  seconds: number;
  /** Dirty pages and undo history length when the wait began and when it ended. */
  dirtyPages: [number, number];
  history: [number, number];
  /** False when the wait ran out first (the runs went ahead anyway). */
  quiet: boolean;
}

async function statusOf(db: Connection): Promise<{ dirty: number; data: number; history: number }> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SHOW GLOBAL STATUS WHERE Variable_name IN
      ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_data', 'Innodb_history_list_length')`,
  );
  const value = (name: string): number =>
    Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
  return {
    dirty: value('Innodb_buffer_pool_pages_dirty'),
    data: value('Innodb_buffer_pool_pages_data'),
    history: value('Innodb_history_list_length'),
  };
}

/**
 * Quiet: at most 1 % of the buffer pool's data pages dirty (and no more than 2,000) and an undo
 * history under 1,000 transactions. Gives up after `maxSeconds`.
 */
export async function waitForQuietDatabase(db: Connection, maxSeconds: number): Promise<Quiet> {
  const started = Date.now();
  const first = await statusOf(db);
  const [[saved]] = await db.query<RowDataPacket[]>(
    `SELECT @@GLOBAL.innodb_max_dirty_pages_pct AS pct, @@GLOBAL.innodb_max_dirty_pages_pct_lwm AS lwm,
            @@GLOBAL.innodb_io_capacity AS io, @@GLOBAL.innodb_io_capacity_max AS ioMax`,
  );
  // The page cleaner writes at most innodb_io_capacity pages a second (200 by default): a large
  // seed would take many minutes. Nothing else runs now, so it may use the disk.
  await db.query('SET GLOBAL innodb_io_capacity_max = 100000');
  await db.query('SET GLOBAL innodb_io_capacity = 50000');
  await db.query('SET GLOBAL innodb_max_dirty_pages_pct_lwm = 0');
  await db.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
  let last = first;
  const isQuiet = (s: typeof first): boolean =>
    s.dirty <= Math.min(2000, s.data / 100) && s.history < 1000;
  try {
    while (!isQuiet(last) && Date.now() - started < maxSeconds * 1000) {
      await new Promise((r) => setTimeout(r, 250));
      last = await statusOf(db);
    }
  } finally {
    await db.query('SET GLOBAL innodb_max_dirty_pages_pct = ?', [Number(saved.pct)]);
    await db.query('SET GLOBAL innodb_max_dirty_pages_pct_lwm = ?', [Number(saved.lwm)]);
    await db.query('SET GLOBAL innodb_io_capacity = ?', [Number(saved.io)]);
    await db.query('SET GLOBAL innodb_io_capacity_max = ?', [Number(saved.ioMax)]);
  }
  return {
    seconds: Math.round((Date.now() - started) / 100) / 10,
    dirtyPages: [first.dirty, last.dirty],
    history: [first.history, last.history],
    quiet: isQuiet(last),
  };
}
