import type * as mysql2 from 'mysql2';
import { Logger } from '@nestjs/common';
import { databaseFault, POOL_ACQUIRE_TIMEOUT } from './database-errors';
import {
  type DatabaseScope,
  databaseScope,
  failedInRequest,
  failedJustNow,
  noteDatabaseUnavailable,
} from './database-scope';

/**
 * How long anything may wait on MySQL/MariaDB, so that a database that is down, restarting or
 * frozen turns every request into a quick 503 instead of a hang:
 * - `connectTimeoutMs`: TCP connect plus the MySQL handshake of a new connection;
 * - `acquireTimeoutMs`: waiting for a pooled connection, queue included;
 * - `queryTimeoutMs`: one statement without an answer (the connection is then destroyed, so a
 *   transaction on it can never commit later); migrations run without it;
 * - `queueLimit`: callers waiting for a connection beyond it are refused at once.
 */
export interface DatabaseLimits {
  connectionLimit: number;
  queueLimit: number;
  connectTimeoutMs: number;
  acquireTimeoutMs: number;
  queryTimeoutMs: number;
}

export const DATABASE_LIMITS: DatabaseLimits = {
  connectionLimit: 10,
  queueLimit: 200,
  connectTimeoutMs: 2_000,
  acquireTimeoutMs: 3_000,
  queryTimeoutMs: 5_000,
};

type Callback = (error: Error | null, ...results: unknown[]) => void;

/** The parts of mysql2's callback pool and connection we wrap. */
export interface CallbackConnection {
  query(...args: unknown[]): unknown;
  release(): void;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  listeners(event: 'error'): unknown[];
}
export interface CallbackPool {
  getConnection(callback: (error: Error | null, connection?: CallbackConnection) => void): void;
  on(event: 'connection', listener: (connection: CallbackConnection) => void): unknown;
}

const BOUND = Symbol('boundQueries');

/**
 * A call outside any request scope (a job, or a request begun while the database was healthy, when
 * requests get no scope: see database-scope.ts) made within this long of a call that found the
 * database unreachable fails at once: the requests already under way when the database goes away
 * do not each wait out a second bound. Jobs try again on their next tick.
 */
export const UNSCOPED_FAIL_FAST_MS = 1_000;

/**
 * mysql2 is loaded when a MySQL data source is made, not when this file is: the embedded default
 * (SQLite) never needs it, and requiring it costs start-up time (issue 11).
 */
function loadMysql2(): Pick<typeof mysql2, 'createPool' | 'createPoolCluster'> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mysql2') as typeof mysql2;
}
const logger = new Logger('Database');

/**
 * mysql2 for TypeORM's `driver` option, with the limits above enforced on every pool it creates.
 * mysql2 has a connect timeout and a queue limit but no acquire timeout, and applies a query
 * timeout only when each call asks for one.
 */
export class BoundedMysqlDriver {
  private queryTimeoutSuspended = 0;
  /** The last call that found the database unreachable, and when (for calls without a scope). */
  private lastUnavailable: { at: number; error: Error } | null = null;

  constructor(
    readonly limits: DatabaseLimits = DATABASE_LIMITS,
    private readonly mysql: Pick<typeof mysql2, 'createPool' | 'createPoolCluster'> = loadMysql2(),
  ) {}

  /** The pool options these limits imply (merged into TypeORM's `extra`). */
  poolOptions(): Record<string, unknown> {
    return {
      connectionLimit: this.limits.connectionLimit,
      queueLimit: this.limits.queueLimit,
      waitForConnections: true,
      connectTimeout: this.limits.connectTimeoutMs,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
      // mysql2 otherwise captures a stack trace on every query (for its error messages): about
      // 0.04 ms of CPU per statement on the hot paths (issue 11). TypeORM's QueryFailedError
      // still names the statement.
      trace: false,
    };
  }

  createPool = (options: mysql2.PoolOptions): mysql2.Pool => {
    const pool = this.mysql.createPool(options);
    this.bound(pool);
    return pool;
  };

  /** Replication is not used; passed through so TypeORM finds the whole driver. */
  createPoolCluster = (options?: mysql2.PoolClusterOptions): mysql2.PoolCluster =>
    this.mysql.createPoolCluster(options);

  /** Runs `work` (schema migrations) without the per-query timeout. */
  async withoutQueryTimeout<T>(work: () => Promise<T>): Promise<T> {
    this.queryTimeoutSuspended += 1;
    try {
      return await work();
    } finally {
      this.queryTimeoutSuspended -= 1;
    }
  }

  /** Adds the acquire timeout and the per-query timeout to a mysql2 callback pool. */
  bound(pool: CallbackPool): void {
    // A connection that dies may emit 'error' more than once; mysql2's own listener is `once`
    // and TypeORM adds one only when there is none, so a second emit would end the process.
    pool.on('connection', (connection) => this.guard(connection));
    const getConnection = pool.getConnection.bind(pool);
    pool.getConnection = (callback) => {
      const scope = databaseScope.getStore();
      const refusal = this.refusal(scope);
      if (refusal) {
        process.nextTick(() => callback(refusal));
        return;
      }
      let settled = false;
      const answer = (error: Error | null, connection?: CallbackConnection): void => {
        settled = true;
        clearTimeout(timer);
        if (error) this.noteFault(scope, error);
        if (error || !connection) return callback(error ?? new Error('No connection'));
        callback(null, this.guard(connection));
      };
      const timer = setTimeout(
        () => answer(acquireTimeout(this.limits.acquireTimeoutMs)),
        this.limits.acquireTimeoutMs,
      );
      timer.unref();
      getConnection((error, connection) => {
        if (settled) {
          // The caller has gone with a 503; hand the late connection back.
          connection?.release();
          return;
        }
        answer(error, connection);
      });
    };
  }

  /**
   * Why a call must fail at once, if it must: its request already found the database
   * unreachable; or, without a scope, a call did so less than UNSCOPED_FAIL_FAST_MS ago.
   */
  private refusal(scope: DatabaseScope | undefined): Error | null {
    if (scope) return scope.unavailable ? failedInRequest(scope.unavailable) : null;
    const last = this.lastUnavailable;
    if (last && Date.now() - last.at < UNSCOPED_FAIL_FAST_MS) return failedJustNow(last.error);
    return null;
  }

  /**
   * Remembers that the database is unreachable: in the caller's scope (taken when the call was
   * made: driver callbacks run in the context of whichever request opened the socket), for calls
   * without one, and so that new requests get a scope (database-scope.ts).
   */
  private noteFault(scope: DatabaseScope | undefined, error: Error): void {
    if (databaseFault(error) !== 'unavailable') return;
    if (scope && !scope.unavailable) scope.unavailable = error;
    const now = Date.now();
    this.lastUnavailable = { at: now, error };
    noteDatabaseUnavailable(now);
  }

  private guard(connection: CallbackConnection): CallbackConnection {
    const marked = connection as CallbackConnection & { [BOUND]?: true };
    if (marked[BOUND]) return connection;
    marked[BOUND] = true;
    connection.on('error', (error) =>
      logger.warn({ message: 'database connection error', code: codeOf(error) }),
    );
    const query = connection.query.bind(connection);
    connection.query = (...args: unknown[]) => {
      const callbackAt = args.findIndex((arg) => typeof arg === 'function');
      // Streams (no callback) and pre-built query objects are passed through untouched.
      if (callbackAt < 0 || typeof args[0] !== 'string') return query(...args);
      const callback = args[callbackAt] as Callback;
      const scope = databaseScope.getStore();
      const refusal = this.refusal(scope);
      if (refusal) {
        process.nextTick(() => callback(refusal));
        return undefined;
      }
      const timeout = this.queryTimeoutSuspended > 0 ? 0 : this.limits.queryTimeoutMs;
      if (timeout > 0) args[0] = { sql: args[0], timeout };
      let answered = false;
      args[callbackAt] = (error: Error | null, ...results: unknown[]) => {
        if (answered) return;
        answered = true;
        // The statement may still run (or commit) on the server: never reuse this connection,
        // so nothing else can ride on its transaction.
        if (codeOf(error) === 'PROTOCOL_SEQUENCE_TIMEOUT') connection.destroy();
        if (error) this.noteFault(scope, error);
        callback(error, ...results);
      };
      return query(...args);
    };
    return connection;
  }
}

function acquireTimeout(ms: number): Error {
  return Object.assign(new Error(`No database connection became available within ${ms} ms`), {
    code: POOL_ACQUIRE_TIMEOUT,
  });
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
