import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { isRolledBackConflict } from './database-errors';

/** Runs of one transaction when the server keeps rolling it back for a lost conflict. */
const CONFLICT_ATTEMPTS = 5;

/**
 * What a fixed statement is sent through: an EntityManager (inside or outside a TypeORM
 * transaction) or a FixedTransaction. Rows come back as the driver gives them (mysql2: rows, or
 * a result header with `affectedRows`), exactly as `EntityManager.query` returns them.
 */
export interface SqlExecutor {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** A transaction of fixed statements (Transactor.fixed). */
export interface FixedTransaction extends SqlExecutor {
  /** Rows changed by one UPDATE or DELETE. */
  changed(sql: string, parameters?: unknown[]): Promise<number>;
}

/** Rows changed by one UPDATE or DELETE, through either kind of executor. */
export async function changedRows(
  executor: SqlExecutor,
  sql: string,
  parameters: unknown[],
): Promise<number> {
  if (isFixed(executor)) return executor.changed(sql, parameters);
  const manager = executor as EntityManager;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    return (await runner.query(sql, parameters, true)).affected ?? 0;
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

function isFixed(executor: SqlExecutor): executor is FixedTransaction {
  return typeof (executor as Partial<FixedTransaction>).changed === 'function';
}

/** The parts of mysql2's callback pool and pooled connection a fixed statement uses. */
interface RawConnection {
  query(
    sql: string,
    parameters: unknown[],
    callback: (error: Error | null, result?: unknown) => void,
  ): unknown;
  release(): void;
}
interface RawPool {
  getConnection(callback: (error: Error | null, connection?: RawConnection) => void): void;
}

/**
 * Runs writes that span tables in one transaction. better-sqlite3 has a single connection, so on
 * SQLite transactions are queued one after another (TypeORM would otherwise interleave them on
 * that connection); MySQL gets real concurrent transactions from its pool.
 *
 * Hot paths (issue 11) send fixed statements through `fixed`, `read` and `changed`: on
 * MySQL/MariaDB they go straight to a connection of the driver's pool (the same bounded pool
 * TypeORM uses: acquire and query timeouts, the request's database scope), without a TypeORM
 * QueryRunner, EntityManager and event broadcast per statement or transaction; errors are
 * TypeORM's QueryFailedError as before. On SQLite they run through TypeORM (one connection).
 */
@Injectable()
export class Transactor {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly mysql: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.mysql = config.database.driver === 'mysql';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.mysql) return this.retryingConflicts(() => this.dataSource.transaction(work));
    const next = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * One transaction of fixed statements: START TRANSACTION, `work`, COMMIT (ROLLBACK when `work`
   * or the COMMIT fails) on one pooled connection; retried for a lost conflict like `run`.
   * `work` must only write through `tx`.
   */
  fixed<T>(work: (tx: FixedTransaction) => Promise<T>): Promise<T> {
    if (!this.mysql) return this.run((manager) => work(managerTransaction(manager)));
    return this.retryingConflicts(() => this.onConnection(work));
  }

  /** One fixed statement outside a transaction; its rows as `EntityManager.query` gives them. */
  read<T>(sql: string, parameters: unknown[]): Promise<T> {
    if (!this.mysql) return this.dataSource.query<T>(sql, parameters);
    return this.onConnection((tx) => tx.query<T>(sql, parameters), false);
  }

  /**
   * Rows changed by one fixed UPDATE or DELETE outside a transaction. One the server rolled back
   * for a lost conflict (deadlock, Galera certification) changed nothing and is sent again, like
   * `run`'s transactions: the statements sent here are conditional, so the retry finds what the
   * winner left.
   */
  changed(sql: string, parameters: unknown[]): Promise<number> {
    if (!this.mysql) return changedRows(this.dataSource.manager, sql, parameters);
    return this.retryingConflicts(() =>
      this.onConnection((tx) => tx.changed(sql, parameters), false),
    );
  }

  /** `work` on one connection of the driver's pool, in a transaction or not; then released. */
  private async onConnection<T>(
    work: (tx: FixedTransaction) => Promise<T>,
    transaction = true,
  ): Promise<T> {
    const pool = (this.dataSource.driver as unknown as { pool: RawPool }).pool;
    const connection = await new Promise<RawConnection>((resolve, reject) =>
      pool.getConnection((error, acquired) =>
        error || !acquired ? reject(error ?? new Error('No connection')) : resolve(acquired),
      ),
    );
    const tx = connectionTransaction(connection, this.dataSource);
    try {
      if (!transaction) return await work(tx);
      await tx.query('START TRANSACTION');
      try {
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        // As TypeORM does: a failed ROLLBACK does not hide why the transaction failed.
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      connection.release();
    }
  }

  /**
   * A transaction the server rolled back whole for a lost conflict (deadlock; on Galera a
   * certification failure at COMMIT) is run again from the start, up to CONFLICT_ATTEMPTS times
   * with a short random pause: the retry sees the winner's committed write (a conditional UPDATE
   * then finds its row taken, a lost race the caller answers as such, never a 503). `work` must
   * only write through its manager (or transaction), as every caller here does.
   */
  private async retryingConflicts<T>(transaction: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction();
      } catch (error) {
        if (attempt >= CONFLICT_ATTEMPTS || !isRolledBackConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
      }
    }
  }
}

/**
 * Fixed statements on a pooled mysql2 connection. Each is told to the data source's logger, as
 * TypeORM tells it (specs count statements there; `logging: false` prints nothing); a failure is a
 * QueryFailedError, as TypeORM's.
 */
function connectionTransaction(
  connection: RawConnection,
  dataSource: DataSource,
): FixedTransaction {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const query = <T = any>(sql: string, parameters: unknown[] = []): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      dataSource.logger.logQuery(sql, parameters);
      connection.query(sql, parameters, (error, result) => {
        if (!error) return resolve(result as T);
        dataSource.logger.logQueryError(error, sql, parameters);
        reject(new QueryFailedError(sql, parameters, error));
      });
    });
  return {
    query,
    changed: async (sql, parameters) =>
      (await query<{ affectedRows?: number }>(sql, parameters)).affectedRows ?? 0,
  };
}

/** The same through a TypeORM transaction's manager (SQLite). */
function managerTransaction(manager: EntityManager): FixedTransaction {
  return {
    query: (sql, parameters) => manager.query(sql, parameters),
    changed: (sql, parameters = []) => changedRows(manager, sql, parameters),
  };
}
