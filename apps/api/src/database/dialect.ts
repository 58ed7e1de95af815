import type { DataSource, EntityManager } from 'typeorm';

/**
 * Whether the database locks rows for `SELECT … FOR UPDATE / FOR SHARE` (MySQL, MariaDB). On
 * SQLite the Transactor already runs one transaction at a time, so no lock is asked for there.
 * The one place the services ask this (it was written three ways).
 */
export function locksRows(on: DataSource | EntityManager): boolean {
  const type = ('connection' in on ? on.connection : on).options.type;
  return type === 'mysql' || type === 'mariadb';
}
