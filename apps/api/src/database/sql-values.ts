/**
 * Values for the fixed SQL statements some hot reads send through `DataSource.query` (the same
 * text on SQLite and MySQL/MariaDB, `?` placeholders on both), where the ORM would cost more than
 * the query. Times go in and come out the way TypeORM stores them on each driver.
 */

/** A time as a statement parameter: UTC `YYYY-MM-DD HH:MM:SS.mmm`, what both drivers compare. */
export function sqlTime(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * A time column read by a raw statement: mysql2 gives a Date (the pool's time zone is UTC),
 * better-sqlite3 the text TypeORM wrote (`YYYY-MM-DD HH:MM:SS.mmm`, UTC).
 */
export function timeOf(value: Date | string): Date;
export function timeOf(value: Date | string | null): Date | null;
export function timeOf(value: Date | string | null): Date | null {
  if (value === null) return null;
  if (value instanceof Date) return value;
  return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}

/** The same, straight to the ISO 8601 text the API answers with. */
export function isoTimeOf(value: Date | string): string;
export function isoTimeOf(value: Date | string | null): string | null;
export function isoTimeOf(value: Date | string | null): string | null {
  return value === null ? null : timeOf(value).toISOString();
}

/** `?, ?, ?` for an IN list of n values (better-sqlite3 does not expand arrays). */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** COUNT(*), EXISTS(…) and the like: a number on SQLite, a number or numeric string on MySQL. */
export function sqlNumber(value: number | string | bigint | null): number {
  return value === null ? 0 : Number(value);
}
