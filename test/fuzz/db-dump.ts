// Every table of the app's database, every row, ordered, as comparable text: the fuzz suite
// dumps before and after and checks that no row that existed before was changed or removed.
import type { DataSource } from 'typeorm';

/** table → primary key (JSON) → row (JSON, columns sorted). */
export type Dump = Map<string, Map<string, string>>;

export async function dumpTables(dataSource: DataSource): Promise<Dump> {
  const mysql = dataSource.options.type !== 'better-sqlite3';
  const tables = mysql
    ? (
        await dataSource.query<Array<{ name: string }>>(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
        )
      ).map((r) => r.name)
    : (
        await dataSource.query<Array<{ name: string }>>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
      ).map((r) => r.name);
  const dump: Dump = new Map();
  for (const table of tables.sort()) {
    const meta = dataSource.entityMetadatas.find((m) => m.tableName === table);
    const keys = meta?.primaryColumns.map((c) => c.databaseName) ?? [];
    const quote = (name: string) => dataSource.driver.escape(name);
    const order = keys.length ? keys.map(quote).join(', ') : '1';
    const rows = await dataSource.query<Array<Record<string, unknown>>>(
      `SELECT * FROM ${quote(table)} ORDER BY ${order}`,
    );
    const byKey = new Map<string, string>();
    for (const row of rows) {
      const normal = normalise(row);
      const key = keys.length ? JSON.stringify(keys.map((k) => normal[k])) : JSON.stringify(normal);
      byKey.set(key, JSON.stringify(normal));
    }
    dump.set(table, byKey);
  }
  return dump;
}

function normalise(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row).sort()) {
    const value = row[key];
    if (value instanceof Date) out[key] = `date:${value.toISOString()}`;
    else if (Buffer.isBuffer(value)) out[key] = `hex:${value.toString('hex')}`;
    else if (typeof value === 'bigint') out[key] = `bigint:${value}`;
    else out[key] = value;
  }
  return out;
}

export interface RowChange {
  table: string;
  key: string;
  before: string;
  after: string | null;
}

/** Rows present in `before` that are missing or different in `after`. New rows are fine. */
export function changedRows(before: Dump, after: Dump): RowChange[] {
  const changes: RowChange[] = [];
  for (const [table, rows] of before) {
    const later = after.get(table) ?? new Map<string, string>();
    for (const [key, row] of rows) {
      const now = later.get(key) ?? null;
      if (now !== row) changes.push({ table, key, before: row, after: now });
    }
  }
  return changes;
}

export function rowCount(dump: Dump): number {
  let count = 0;
  for (const rows of dump.values()) count += rows.size;
  return count;
}
