/**
 * Which errors mean "the database cannot serve us right now" rather than "this request is wrong"
 * or "our code is wrong". The exception filter answers them 503 with Retry-After; background jobs
 * log them as a warning and try again on their next tick.
 *
 * - `unavailable`: no connection can be made or kept (server down, restarting, unreachable, out
 *   of connections, frozen past our timeouts).
 * - `busy`: the server is up but the work lost a lock race (lock wait timeout, deadlock, SQLite
 *   busy) or our own connection queue is full; trying again shortly will most likely succeed.
 */
export type DatabaseFault = 'unavailable' | 'busy';

/** Error code of our own bounded pool when no connection came within the acquire timeout. */
export const POOL_ACQUIRE_TIMEOUT = 'POOL_ACQUIRE_TIMEOUT';
/** Error code of a call refused because the database already failed in this request. */
export const DATABASE_FAILED_IN_REQUEST = 'DATABASE_FAILED_IN_REQUEST';

/**
 * Socket errors count only when they come from the database driver (mysql2 marks them `fatal`,
 * TypeORM wraps them as `driverError`): the same ECONNREFUSED from object storage is not ours.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const UNAVAILABLE_CODES = new Set([
  // mysql2 protocol
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT', // our per-query timeout
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_AFTER_DESTROY',
  'PROTOCOL_PACKETS_OUT_OF_ORDER',
  // server answers
  'ER_CON_COUNT_ERROR', // 1040 too many connections
  'ER_TOO_MANY_USER_CONNECTIONS', // 1203
  'ER_SERVER_SHUTDOWN', // 1053
  'ER_CONNECTION_KILLED', // 1927 (MariaDB)
  'ER_NORMAL_SHUTDOWN',
  'ER_SHUTDOWN_COMPLETE',
  'ER_UNKNOWN_COM_ERROR', // 1047: a Galera node not yet ready for application use
  'ER_OPTION_PREVENTS_STATEMENT', // 1290: read-only during a failover
  'ER_READ_ONLY_MODE',
  'CR_SERVER_GONE_ERROR', // 2006
  'CR_SERVER_LOST', // 2013
  POOL_ACQUIRE_TIMEOUT,
  DATABASE_FAILED_IN_REQUEST,
]);

const BUSY_CODES = new Set([
  'ER_LOCK_WAIT_TIMEOUT', // 1205
  'ER_LOCK_DEADLOCK', // 1213
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
  'SQLITE_LOCKED_SHAREDCACHE',
]);

/** Errors that carry no code, matched on their exact message start. */
const UNAVAILABLE_MESSAGES = [
  'Pool is closed', // mysql2, during shutdown
  "Can't add new command when connection is in closed state", // mysql2, connection died
  'Connection lost', // mysql2 "Connection lost: The server closed the connection."
  'No connections available', // mysql2 pool with waitForConnections: false
  'Connection is not established with mysql database', // TypeORM, pool gone
  'Driver not Connected', // TypeORM
];
const BUSY_MESSAGES = ['Queue limit reached']; // mysql2 pool queue full

interface DriverLikeError {
  code?: unknown;
  fatal?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * Classifies an error thrown anywhere between a controller and the driver: TypeORM's
 * QueryFailedError (`driverError`), mysql2's and better-sqlite3's own errors, `cause` chains and
 * AggregateErrors. Anything else answers undefined (a programming error: 500).
 */
export function databaseFault(error: unknown): DatabaseFault | undefined {
  return classify(error, false, 0);
}

function classify(error: unknown, fromDriver: boolean, depth: number): DatabaseFault | undefined {
  if (depth > 5 || error === null || typeof error !== 'object') return undefined;
  const e = error as DriverLikeError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && UNAVAILABLE_CODES.has(code)) return 'unavailable';
  if (code && SOCKET_CODES.has(code) && (fromDriver || e.fatal === true)) return 'unavailable';
  if (code && BUSY_CODES.has(code)) return 'busy';
  const message = typeof e.message === 'string' ? e.message : '';
  if (UNAVAILABLE_MESSAGES.some((start) => message.startsWith(start))) return 'unavailable';
  if (BUSY_MESSAGES.some((start) => message.startsWith(start))) return 'busy';
  // mysql2 marks every error that ends the connection as fatal.
  if (e.fatal === true) return 'unavailable';
  if (e.driverError !== undefined && e.driverError !== error) {
    const fault = classify(e.driverError, true, depth + 1);
    if (fault) return fault;
  }
  const nested = [e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  for (const inner of nested) {
    if (inner === undefined || inner === error) continue;
    const fault = classify(inner, fromDriver, depth + 1);
    if (fault) return fault;
  }
  return undefined;
}

/** The driver's code for a log line (never the SQL or its parameters). */
export function databaseErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || error === null || typeof error !== 'object') return undefined;
  const e = error as DriverLikeError;
  if (typeof e.code === 'string') return e.code;
  return (
    databaseErrorCode(e.driverError, depth + 1) ??
    databaseErrorCode(e.cause, depth + 1) ??
    (typeof e.message === 'string' ? e.message.slice(0, 80) : undefined)
  );
}

/** mysql2's code and MySQL/MariaDB's errno for "Duplicate entry … for key …". */
const MYSQL_DUPLICATE = { code: 'ER_DUP_ENTRY', errno: 1062 };
/** better-sqlite3's codes for a UNIQUE index or a PRIMARY KEY that already holds the value. */
const SQLITE_DUPLICATE_CODES = new Set([
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

/**
 * True only when the database refused a write because a unique index or primary key already
 * holds the value (MySQL/MariaDB ER_DUP_ENTRY 1062; SQLite SQLITE_CONSTRAINT_UNIQUE or
 * SQLITE_CONSTRAINT_PRIMARYKEY), as the driver throws it or as TypeORM wraps it
 * (QueryFailedError with `driverError`). A lost connection, a timeout or any other constraint is
 * not one: a service answers 409 only for this and rethrows the rest (a database fault becomes
 * 503 in the exception filter), so a failed write never passes for someone else's row.
 */
export function isUniqueViolation(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const e = error as DriverLikeError & { errno?: unknown };
  if (e.code === MYSQL_DUPLICATE.code) return true;
  if (typeof e.code === 'string' && SQLITE_DUPLICATE_CODES.has(e.code)) return true;
  // mysql2 leaves `code` undefined for an errno its table does not name; the number is enough.
  if (e.code === undefined && e.errno === MYSQL_DUPLICATE.errno) return true;
  return (
    (e.driverError !== undefined &&
      e.driverError !== error &&
      isUniqueViolation(e.driverError, depth + 1)) ||
    (e.cause !== undefined && e.cause !== error && isUniqueViolation(e.cause, depth + 1))
  );
}

/** mysql2's code and MySQL/MariaDB's errno for a transaction the server rolled back whole. */
const MYSQL_DEADLOCK = { code: 'ER_LOCK_DEADLOCK', errno: 1213 };

/**
 * True when MySQL/MariaDB rolled the whole transaction back because it lost a conflict: an
 * InnoDB deadlock, or on a Galera cluster a certification failure at COMMIT (two nodes wrote the
 * same row; the later one gets ER_LOCK_DEADLOCK, 1213, instead of waiting for a lock). Nothing
 * of the transaction remains, so running it again from the start is safe and sees the winner's
 * write (Transactor.run does, a few times).
 */
export function isRolledBackConflict(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const e = error as DriverLikeError & { errno?: unknown };
  if (e.code === MYSQL_DEADLOCK.code) return true;
  if (e.code === undefined && e.errno === MYSQL_DEADLOCK.errno) return true;
  return (
    (e.driverError !== undefined &&
      e.driverError !== error &&
      isRolledBackConflict(e.driverError, depth + 1)) ||
    (e.cause !== undefined && e.cause !== error && isRolledBackConflict(e.cause, depth + 1))
  );
}
