import Database from 'better-sqlite3';
import { QueryFailedError } from 'typeorm';
import { databaseFault, isUniqueViolation } from './database-errors';

/** An error as mysql2's Packet.asError builds it from a server ERR packet. */
function mysqlError(errno: number, code: string | undefined, sqlState: string, message: string) {
  return Object.assign(new Error(message), { code, errno, sqlState, sqlMessage: message });
}

/** A socket error as mysql2 hands it on when the connection dies (marked fatal). */
function mysqlSocketError(code: string) {
  return Object.assign(new Error(`read ${code}`), { code, errno: -104, fatal: true });
}

/** The error better-sqlite3 really throws for this statement (run against an in-memory table). */
function sqliteError(sql: string): Error {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL)');
    db.exec("INSERT INTO t VALUES ('1', 'a', 'x')");
    db.exec(sql);
  } catch (error) {
    return error as Error;
  } finally {
    db.close();
  }
  throw new Error(`no error from ${sql}`);
}

const wrapped = (driverError: Error) => new QueryFailedError('INSERT INTO t …', [], driverError);

describe('isUniqueViolation', () => {
  const duplicates: [string, Error][] = [
    [
      'MariaDB duplicate entry on a unique index',
      mysqlError(1062, 'ER_DUP_ENTRY', '23000', "Duplicate entry 'a' for key 'uq_t_u'"),
    ],
    [
      'MariaDB duplicate entry on the primary key',
      mysqlError(1062, 'ER_DUP_ENTRY', '23000', "Duplicate entry '1' for key 'PRIMARY'"),
    ],
    [
      'MySQL 1062 that the driver could not name',
      mysqlError(1062, undefined, '23000', "Duplicate entry 'a' for key 'uq_t_u'"),
    ],
    ['SQLite UNIQUE index', sqliteError("INSERT INTO t VALUES ('2', 'a', 'x')")],
    ['SQLite PRIMARY KEY', sqliteError("INSERT INTO t VALUES ('1', 'b', 'x')")],
  ];

  it.each(duplicates)('%s: true as the driver throws it and as TypeORM wraps it', (_, error) => {
    expect(isUniqueViolation(error)).toBe(true);
    const query = wrapped(error);
    expect(query).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(query)).toBe(true);
    // Wrapped once more by a caller that keeps the cause.
    expect(isUniqueViolation(new Error('create failed', { cause: query }))).toBe(true);
  });

  it('the SQLite errors are the real ones (codes as better-sqlite3 gives them)', () => {
    expect((duplicates[3][1] as Error & { code: string }).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect((duplicates[4][1] as Error & { code: string }).code).toBe(
      'SQLITE_CONSTRAINT_PRIMARYKEY',
    );
  });

  const others: [string, unknown][] = [
    ['a dropped MariaDB connection', mysqlSocketError('ECONNRESET')],
    [
      'MariaDB connection lost',
      Object.assign(new Error('Connection lost: The server closed the connection.'), {
        code: 'PROTOCOL_CONNECTION_LOST',
        fatal: true,
      }),
    ],
    [
      'MariaDB lock wait timeout',
      mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT', 'HY000', 'Lock wait timeout exceeded'),
    ],
    [
      'MariaDB foreign key failure',
      mysqlError(1452, 'ER_NO_REFERENCED_ROW_2', '23000', 'Cannot add or update a child row'),
    ],
    [
      'MariaDB NOT NULL failure (same SQLSTATE 23000)',
      mysqlError(1048, 'ER_BAD_NULL_ERROR', '23000', "Column 'n' cannot be null"),
    ],
    ['SQLite NOT NULL', sqliteError("INSERT INTO t VALUES ('3', 'c', NULL)")],
    ['SQLite busy', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
    [
      'a message that merely mentions a duplicate',
      new Error("Duplicate entry 'a' for key 'uq_t_u'"),
    ],
    ['an errno 1062 that carries another code', { code: 'SOMETHING_ELSE', errno: 1062 }],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['null', null],
    ['a string', 'ER_DUP_ENTRY'],
  ];

  it.each(others)('%s: false, wrapped or not', (_, error) => {
    expect(isUniqueViolation(error)).toBe(false);
    if (error instanceof Error) expect(isUniqueViolation(wrapped(error))).toBe(false);
  });

  it('a dropped connection stays a database fault (503), never a duplicate (409)', () => {
    const error = wrapped(mysqlSocketError('ECONNRESET'));
    expect(isUniqueViolation(error)).toBe(false);
    expect(databaseFault(error)).toBe('unavailable');
  });

  it('stops on a cycle of causes', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(isUniqueViolation(a)).toBe(false);
  });
});
