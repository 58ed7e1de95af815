import type { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { locksRows } from './dialect';

/**
 * Issue 11 (purge): `links` and `device_grants` are partitioned on MariaDB/MySQL by
 * `RANGE COLUMNS (expires_at)`, one partition per calendar month (UTC) named after it (`p202611`
 * holds what expires in November 2026; the first one also holds everything earlier), and `pmax`
 * for anything later. Deleting a million expired links row by row takes minutes even in bare SQL
 * (bench/lab/purge-floor.ts); dropping the month that holds them takes a fraction of a second
 * (bench/lab/partition-lab.ts). SQLite has no partitions: there every method here does nothing
 * and the purge deletes rows as before.
 *
 * The purge job (links/purge.job.ts) drives it on its leased tick, one instance at a time:
 *   - `dropEndedBefore(cutoff)`: takes away every month that ended at or before the purge's
 *     cutoff (each of its rows expired before it, so each is due), after counting them: a month
 *     with rows is swapped out into a table of its own, which is then dropped, and the month,
 *     now empty, is dropped;
 *   - the owners then delete the rest row by row (the month that straddles the cutoff: about a
 *     tick's worth, as the purge runs every hour);
 *   - `extendTo(until)`: splits `pmax`, which is empty while months are ready ahead, so the
 *     split moves no rows, into the months up to `until`.
 * Each change is one `ALTER TABLE`, replicated by Galera in total order; it waits at most
 * DDL_LOCK_WAIT_SECONDS for requests running on the table, and when it cannot, the purge logs it
 * and deletes rows instead (nothing is skipped, only slower).
 */
export const CATCH_ALL = 'pmax';

/**
 * How long the partition ALTERs wait for the metadata lock of a transaction running on the table.
 * Requests arriving meanwhile queue behind the ALTER, so it gives way soon: the rows are then
 * deleted one by one instead.
 */
const DDL_LOCK_WAIT_SECONDS = 2;

export type PartitionedTable = 'links' | 'device_grants';

/** What a month swapped out is called before it is dropped: `links_out_<8 hex>`. */
const OUT_MARK = '_out_';

/** The first instant of `t`'s month, UTC. */
export function monthStart(t: Date): Date {
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
}

/** `t` (a month's start) moved by `months` months. */
export function addMonths(t: Date, months: number): Date {
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + months, 1));
}

/**
 * `PARTITION p… VALUES LESS THAN ('…')` for each month from `first`'s to `last`'s (inclusive),
 * comma-separated, for `PARTITION BY` and `REORGANIZE`.
 */
export function monthPartitions(first: Date, last: Date): string {
  const list: string[] = [];
  for (let m = monthStart(first); m <= last; m = addMonths(m, 1)) {
    const name = `p${m.toISOString().slice(0, 7).replace('-', '')}`;
    list.push(
      `PARTITION ${name} VALUES LESS THAN ('${addMonths(m, 1).toISOString().slice(0, 10)}')`,
    );
  }
  return list.join(', ');
}

/** The whole `PARTITION BY` clause: the months from `first`'s to `last`'s, then `pmax`. */
export function partitionByExpiry(first: Date, last: Date): string {
  return `PARTITION BY RANGE COLUMNS (expires_at) (${monthPartitions(first, last)}, PARTITION ${CATCH_ALL} VALUES LESS THAN (MAXVALUE))`;
}

/**
 * `SHOW CREATE TABLE <table>`'s statement for a table named `out`, cut before `PARTITION BY`
 * (MariaDB prints it after the table options; MySQL wraps it in `/*!50500 … *\/`). Throws when
 * the table is not partitioned or the statement is not the table's.
 */
export function unpartitionedDefinition(definition: string, table: string, out: string): string {
  const cut = definition.search(/\s*(\/\*!\d+\s*)?PARTITION BY /);
  if (cut < 0) throw new Error(`${table} is not partitioned`);
  const head = definition.slice(0, cut);
  const prefix = `CREATE TABLE \`${table}\` (`;
  if (!head.startsWith(prefix)) throw new Error(`unexpected definition of ${table}`);
  return `CREATE TABLE \`${out}\` (${head.slice(prefix.length)}`;
}

interface Month {
  name: string;
  /** The partition holds expiries before this (the next month's start). */
  end: Date;
}

/** One partitioned table; made by the service that owns the table. */
export class ExpiryPartitions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly table: PartitionedTable,
    private readonly logger: Logger,
  ) {}

  /** MariaDB bounds the ALTER's lock wait with `SET STATEMENT`, which MySQL does not have. */
  private mariadb?: Promise<boolean>;

  /**
   * Takes away every month that ended at or before `cutoff`; returns how many rows went with
   * them (0 on SQLite, on a table that is not partitioned, or when the change had to give way).
   * A month holding rows is first swapped out whole (`moveOut`), so the table is held only for
   * the swap and the drop of an empty partition, never for deleting a large file.
   */
  async dropEndedBefore(cutoff: Date): Promise<number> {
    const ended = ((await this.months()) ?? []).filter((m) => m.end <= cutoff).map((m) => m.name);
    if (ended.length === 0) return 0;
    await this.dropLeftovers();
    let removed = 0;
    const empty: string[] = [];
    for (const name of ended) {
      const [{ n }] = await this.dataSource.query<{ n: number | string }[]>(
        `SELECT COUNT(*) AS n FROM ${this.table} PARTITION (${name})`,
      );
      if (Number(n) > 0 && !(await this.moveOut(name))) {
        // Held up (a transaction on the table, most likely): no more waits this pass, where
        // requests would queue behind each; the rows go one by one.
        return removed;
      }
      removed += Number(n);
      empty.push(name);
    }
    if (empty.length > 0)
      await this.alter(`DROP PARTITION ${empty.join(', ')}`, 'drop ended months');
    return removed;
  }

  /**
   * Swaps a month's rows out into a table of their own (`EXCHANGE PARTITION` with an empty,
   * unpartitioned copy: a rename of files, a few ms), then drops that table, which nothing else
   * uses: deleting the month's file no longer holds `links` or `device_grants` (bench/lab/
   * drop-lab.ts: writes waited up to 282 ms behind `DROP PARTITION` of a million rows, 15 ms
   * behind the swap). False (logged) when the swap had to give way; the month is then left.
   */
  private async moveOut(name: string): Promise<boolean> {
    const out = `${this.table}${OUT_MARK}${randomBytes(4).toString('hex')}`;
    try {
      await this.dataSource.query(await this.unpartitionedCopy(out));
      return await this.alter(`EXCHANGE PARTITION ${name} WITH TABLE ${out}`, 'swap a month out');
    } catch (error) {
      this.gaveWay('swap a month out', error);
      return false;
    } finally {
      // What it holds is purged either way; a table it could not drop goes on a later pass.
      await this.dataSource.query(`DROP TABLE IF EXISTS ${out}`).catch((error: unknown) => {
        this.gaveWay('drop a swapped-out month', error);
      });
    }
  }

  /**
   * `CREATE TABLE <out>` with the table's own definition, without its partitioning: one file.
   * `CREATE TABLE … LIKE` copies every month's partition (a file each, about 20) and
   * `REMOVE PARTITIONING` then rebuilds them into one; on a busy server those two took 81 and
   * 20 ms, and every statement that opened a table meanwhile, on any table, waited up to 29 ms
   * (redeems' inserts into devices and mail_outbox; MariaDB's statement history in the bench's
   * purge, BENCH_PURGE_TRACE).
   */
  private async unpartitionedCopy(out: string): Promise<string> {
    const [row] = await this.dataSource.query<Record<string, string>[]>(
      `SHOW CREATE TABLE ${this.table}`,
    );
    return unpartitionedDefinition(row['Create Table'], this.table, out);
  }

  /**
   * Drops swap tables that a pass stopped in the middle of (the process ended) left behind, an
   * hour or more old: they hold only purged rows. A pass running now has its own, younger one.
   */
  private async dropLeftovers(): Promise<void> {
    const left = await this.dataSource.query<{ name: string }[]>(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE ?
          AND CREATE_TIME < NOW() - INTERVAL 1 HOUR`,
      [`${this.table}${OUT_MARK.replace(/_/g, '\\_')}%`],
    );
    for (const { name } of left) await this.dataSource.query(`DROP TABLE IF EXISTS ${name}`);
  }

  /** Makes sure a month exists for every expiry up to `until`, by splitting `pmax`. */
  async extendTo(until: Date, now: Date): Promise<void> {
    const months = await this.months();
    if (!months) return;
    const lastEnd = months.at(-1)?.end;
    if (lastEnd && lastEnd > until) return;
    // The first new month starts where the last one ends, or (after a long pause, or when every
    // month has been dropped) at this month: everything earlier in pmax lands in that one.
    const first = lastEnd && lastEnd > monthStart(now) ? lastEnd : monthStart(now);
    await this.alter(
      `REORGANIZE PARTITION ${CATCH_ALL} INTO (${monthPartitions(first, until)}, ` +
        `PARTITION ${CATCH_ALL} VALUES LESS THAN (MAXVALUE))`,
      'add months ahead',
    );
  }

  /**
   * The table's month partitions in order, `pmax` left out; null when the table is not
   * partitioned (SQLite, or a MariaDB schema before the PartitionByExpiry migration).
   */
  private async months(): Promise<Month[] | null> {
    if (!locksRows(this.dataSource)) return null;
    const rows = await this.dataSource.query<{ name: string; bound: string }[]>(
      `SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS bound
         FROM information_schema.PARTITIONS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND PARTITION_NAME IS NOT NULL
        ORDER BY PARTITION_ORDINAL_POSITION`,
      [this.table],
    );
    if (!rows.some((r) => r.name === CATCH_ALL)) return null;
    // RANGE COLUMNS bounds read back as quoted text, e.g. '2026-12-01 00:00:00.000'.
    return rows
      .filter((r) => r.name !== CATCH_ALL)
      .map((r) => ({
        name: r.name,
        end: new Date(`${r.bound.replace(/'/g, '').slice(0, 10)}T00:00:00Z`),
      }));
  }

  /** One ALTER on the table; false (logged) when it could not run, e.g. a lock wait ran out. */
  private async alter(change: string, what: string): Promise<boolean> {
    this.mariadb ??= this.dataSource
      .query<{ v: string }[]>('SELECT VERSION() AS v')
      .then(([{ v }]) => /mariadb/i.test(v));
    const bounded = (await this.mariadb)
      ? `SET STATEMENT lock_wait_timeout = ${DDL_LOCK_WAIT_SECONDS} FOR `
      : '';
    try {
      await this.dataSource.query(`${bounded}ALTER TABLE ${this.table} ${change}`);
      return true;
    } catch (error) {
      this.gaveWay(what, error);
      return false;
    }
  }

  private gaveWay(change: string, error: unknown): void {
    this.logger.warn({
      message: 'partition change not made; the purge deletes rows instead',
      table: this.table,
      change,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
