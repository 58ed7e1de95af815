import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import {
  BoundedMysqlDriver,
  CallbackConnection,
  CallbackPool,
  DatabaseLimits,
  UNSCOPED_FAIL_FAST_MS,
} from './bounded-mysql';
import { databaseFault } from './database-errors';
import { databaseScope, requestsScoped, SCOPE_AFTER_FAULT_MS } from './database-scope';

const LIMITS: DatabaseLimits = {
  connectionLimit: 2,
  queueLimit: 5,
  connectTimeoutMs: 200,
  acquireTimeoutMs: 300,
  queryTimeoutMs: 500,
};

type QueryCallback = (error: Error | null, rows?: unknown) => void;

class FakeConnection extends EventEmitter {
  readonly queries: { sql: unknown; callback: QueryCallback }[] = [];
  release = jest.fn();
  destroy = jest.fn();
  query(sql: unknown, values: unknown, callback: QueryCallback): void {
    this.queries.push({ sql, callback });
  }
}

/** A mysql2-like callback pool whose answers the test gives by hand. */
class FakePool extends EventEmitter {
  readonly waiting: ((error: Error | null, connection?: CallbackConnection) => void)[] = [];
  getConnection(callback: (error: Error | null, connection?: CallbackConnection) => void): void {
    this.waiting.push(callback);
  }
}

function boundedPool(limits = LIMITS) {
  const driver = new BoundedMysqlDriver(limits);
  const pool = new FakePool();
  driver.bound(pool);
  const acquire = () =>
    new Promise<{ error: Error | null; connection?: CallbackConnection }>((resolve) =>
      (pool as unknown as CallbackPool).getConnection((error, connection) =>
        resolve({ error, connection }),
      ),
    );
  return { driver, pool, acquire };
}

function queryOn(connection: CallbackConnection, sql = 'SELECT 1') {
  return new Promise<{ error: Error | null; rows?: unknown }>((resolve) =>
    connection.query(sql, [], (error: Error | null, rows?: unknown) => resolve({ error, rows })),
  );
}

const code = (error: unknown) => (error as { code?: string } | null)?.code;
const lost = () =>
  Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true });

/**
 * A pooled connection's INSERT loses the connection; the ROLLBACK after it, on the same
 * connection, must fail at once without reaching the driver. `within` runs the two (in a request
 * scope, or in none).
 */
async function rollbackAfterLostQuery(
  within: (work: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const { pool, acquire } = boundedPool();
  const waiting = acquire();
  const raw = new FakeConnection();
  pool.waiting[0](null, raw);
  const { connection } = await waiting;
  await within(async () => {
    const failed = queryOn(connection!, 'INSERT …');
    raw.queries[0].callback(lost());
    await failed;
    const rollback = await queryOn(connection!, 'ROLLBACK');
    expect(code(rollback.error)).toBe('DATABASE_FAILED_IN_REQUEST');
    expect(raw.queries).toHaveLength(1);
  });
}

describe('BoundedMysqlDriver', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick'] });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('gives the pool a connect timeout, a queue limit and TCP keep-alive', () => {
    expect(new BoundedMysqlDriver(LIMITS).poolOptions()).toMatchObject({
      connectionLimit: 2,
      queueLimit: 5,
      waitForConnections: true,
      connectTimeout: 200,
      enableKeepAlive: true,
    });
  });

  it('answers POOL_ACQUIRE_TIMEOUT when no connection comes within the acquire timeout', async () => {
    const { pool, acquire } = boundedPool();
    const waiting = acquire();
    jest.advanceTimersByTime(LIMITS.acquireTimeoutMs - 1);
    let settled = false;
    void waiting.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    jest.advanceTimersByTime(1);
    const { error } = await waiting;
    expect(code(error)).toBe('POOL_ACQUIRE_TIMEOUT');
    expect(databaseFault(error)).toBe('unavailable');

    // The connection that arrives after the caller gave up goes back to the pool.
    const late = new FakeConnection();
    pool.waiting[0](null, late);
    expect(late.release).toHaveBeenCalled();
  });

  it('passes a connection error through at once', async () => {
    const { pool, acquire } = boundedPool();
    const waiting = acquire();
    pool.waiting[0](Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(code((await waiting).error)).toBe('ECONNREFUSED');
  });

  it('runs every query with the query timeout and destroys a connection whose query timed out', async () => {
    const { pool, acquire } = boundedPool();
    const waiting = acquire();
    const raw = new FakeConnection();
    pool.waiting[0](null, raw);
    const { connection } = await waiting;

    const ok = queryOn(connection!, 'SELECT 1');
    expect(raw.queries[0].sql).toEqual({ sql: 'SELECT 1', timeout: LIMITS.queryTimeoutMs });
    raw.queries[0].callback(null, [{ 1: 1 }]);
    expect(await ok).toEqual({ error: null, rows: [{ 1: 1 }] });
    expect(raw.destroy).not.toHaveBeenCalled();

    const slow = queryOn(connection!, 'COMMIT');
    const timeout = Object.assign(new Error('Query inactivity timeout'), {
      code: 'PROTOCOL_SEQUENCE_TIMEOUT',
    });
    raw.queries[1].callback(timeout);
    raw.queries[1].callback(lost()); // mysql2 may report the same command twice
    expect(code((await slow).error)).toBe('PROTOCOL_SEQUENCE_TIMEOUT');
    expect(raw.destroy).toHaveBeenCalledTimes(1);
  });

  it('runs migrations without the query timeout', async () => {
    const { driver, pool, acquire } = boundedPool();
    const waiting = acquire();
    const raw = new FakeConnection();
    pool.waiting[0](null, raw);
    const { connection } = await waiting;
    await driver.withoutQueryTimeout(() => {
      const migration = queryOn(connection!, 'ALTER TABLE t ADD c int');
      raw.queries[0].callback(null, []);
      return migration;
    });
    expect(raw.queries[0].sql).toBe('ALTER TABLE t ADD c int');
    void queryOn(connection!, 'SELECT 1');
    expect(raw.queries[1].sql).toEqual({ sql: 'SELECT 1', timeout: LIMITS.queryTimeoutMs });
  });

  it('gives each connection a lasting error listener, so a second error event cannot end the process', () => {
    const { pool } = boundedPool();
    const raw = new FakeConnection();
    raw.once('error', () => undefined); // mysql2's own listener is `once`
    pool.emit('connection', raw);
    raw.emit('error', lost());
    expect(() => raw.emit('error', lost())).not.toThrow();
  });

  describe('within one request', () => {
    it('once the database was unreachable, later calls fail at once without waiting again', async () => {
      const { pool, acquire } = boundedPool();
      await databaseScope.run({}, async () => {
        const first = acquire();
        pool.waiting[0](lost());
        expect(code((await first).error)).toBe('PROTOCOL_CONNECTION_LOST');

        const second = await acquire();
        expect(code(second.error)).toBe('DATABASE_FAILED_IN_REQUEST');
        expect(databaseFault(second.error)).toBe('unavailable');
        expect(pool.waiting).toHaveLength(1); // the pool was not asked again
      });
    });

    it('a query that lost its connection makes the next query of the request fail at once', () =>
      rollbackAfterLostQuery((work) => databaseScope.run({}, work)));

    it('another request is not affected, and a lock conflict does not count as unreachable', async () => {
      const { pool, acquire } = boundedPool();
      await databaseScope.run({}, async () => {
        const first = acquire();
        pool.waiting[0](lost());
        await first;
      });
      await databaseScope.run({}, async () => {
        const fresh = acquire();
        expect(pool.waiting).toHaveLength(2);
        pool.waiting[1](Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' }));
        await fresh;
        void acquire();
        expect(pool.waiting).toHaveLength(3); // asked again: a deadlock is worth a retry
      });
    });
  });

  describe('without a scope (a job, or a request begun while the database was healthy)', () => {
    let now = Date.now();
    beforeEach(() => {
      // Each test far after the last one: the scopes a failure turns on have long ended.
      now += 10 * SCOPE_AFTER_FAULT_MS;
      jest.spyOn(Date, 'now').mockImplementation(() => now);
    });
    afterEach(() => jest.restoreAllMocks());

    it('a call just after one found the database unreachable fails at once; a second later it asks again', async () => {
      const { pool, acquire } = boundedPool();
      expect(databaseScope.getStore()).toBeUndefined();
      const first = acquire();
      pool.waiting[0](lost());
      expect(code((await first).error)).toBe('PROTOCOL_CONNECTION_LOST');

      now += UNSCOPED_FAIL_FAST_MS - 1;
      const second = await acquire();
      expect(code(second.error)).toBe('DATABASE_FAILED_IN_REQUEST');
      expect(second.error?.message).toMatch(/a moment ago/);
      expect(databaseFault(second.error)).toBe('unavailable');
      expect(pool.waiting).toHaveLength(1); // the pool was not asked again

      now += 1;
      void acquire();
      expect(pool.waiting).toHaveLength(2); // the window is over: asked again
    });

    it('a query that lost its connection makes the next unscoped query fail at once', () =>
      rollbackAfterLostQuery((work) => work()));

    it('a lock conflict starts no window, and a scoped request is judged by its own scope only', async () => {
      const { pool, acquire } = boundedPool();
      const first = acquire();
      pool.waiting[0](Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' }));
      await first;
      const second = acquire();
      expect(pool.waiting).toHaveLength(2); // asked again at once

      pool.waiting[1](lost());
      await second;
      databaseScope.run({}, () => {
        void acquire(); // a request with a scope of its own that has seen no failure yet
      });
      expect(pool.waiting).toHaveLength(3);
      void acquire(); // without one, just after the failure: refused
      expect(pool.waiting).toHaveLength(3);
    });

    it('a failure gives new requests their own scope until SCOPE_AFTER_FAULT_MS after the last one', async () => {
      const { pool, acquire } = boundedPool();
      expect(requestsScoped()).toBe(false);
      const first = acquire();
      pool.waiting[0](lost());
      await first;
      expect(requestsScoped()).toBe(true);
      now += SCOPE_AFTER_FAULT_MS - 1;
      expect(requestsScoped()).toBe(true);
      now += 1;
      expect(requestsScoped()).toBe(false);
    });
  });
});
