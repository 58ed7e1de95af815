import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { queryFailed } from './database-errors.fixtures';
import type { AppConfig } from '../config/app-config';
import { Transactor } from './transactor';

/** A transaction the server rolled back whole: InnoDB deadlock or Galera certification failure. */
const conflict = () =>
  queryFailed('COMMIT', 'Deadlock found when trying to get lock; try restarting transaction', {
    code: 'ER_LOCK_DEADLOCK',
    errno: 1213,
  });

function transactor(outcomes: (Error | 'ok')[]): { tx: Transactor; runs: () => number } {
  let runs = 0;
  const dataSource = {
    transaction: async (work: (m: EntityManager) => Promise<unknown>) => {
      const outcome = outcomes[Math.min(runs++, outcomes.length - 1)];
      const result = await work({} as EntityManager);
      if (outcome !== 'ok') throw outcome;
      return result;
    },
  } as unknown as DataSource;
  const config = { database: { driver: 'mysql' } } as AppConfig;
  return { tx: new Transactor(dataSource, config), runs: () => runs };
}

describe('Transactor on MySQL/MariaDB', () => {
  it('runs a transaction rolled back for a lost conflict again, and returns the run that commits', async () => {
    const { tx, runs } = transactor([conflict(), conflict(), 'ok']);
    await expect(tx.run(() => Promise.resolve('done'))).resolves.toBe('done');
    expect(runs()).toBe(3);
  });

  it('gives up after five runs and rethrows the conflict (the filter answers 503)', async () => {
    const { tx, runs } = transactor([conflict()]);
    await expect(tx.run(() => Promise.resolve('never'))).rejects.toBeInstanceOf(QueryFailedError);
    expect(runs()).toBe(5);
  });

  it('never runs again for any other failure', async () => {
    const { tx, runs } = transactor([new Error('boom')]);
    await expect(tx.run(() => Promise.resolve(1))).rejects.toThrow('boom');
    expect(runs()).toBe(1);
  });
});

/** A mysql2-like pool whose one connection records what it is sent and fails where told. */
function pooled(failOn?: (sql: string) => Error | undefined) {
  const sent: string[] = [];
  const logged: string[] = [];
  let released = 0;
  const connection = {
    query(sql: string, _params: unknown[], callback: (e: Error | null, r?: unknown) => void) {
      sent.push(sql);
      const error = failOn?.(sql);
      setImmediate(() =>
        error ? callback(error) : callback(null, /^UPDATE/.test(sql) ? { affectedRows: 1 } : []),
      );
    },
    release: () => released++,
  };
  const dataSource = {
    driver: {
      pool: { getConnection: (cb: (e: null, c: unknown) => void) => cb(null, connection) },
    },
    logger: { logQuery: (sql: string) => logged.push(sql), logQueryError: () => undefined },
  } as unknown as DataSource;
  const tx = new Transactor(dataSource, { database: { driver: 'mysql' } } as AppConfig);
  return { tx, sent, logged, released: () => released };
}

describe('Transactor.fixed on MySQL/MariaDB (one pooled connection, no query runner)', () => {
  it('sends START TRANSACTION, the statements and COMMIT on one connection, logs each and releases it', async () => {
    const { tx, sent, logged, released } = pooled();
    const changed = await tx.fixed(async (t) => {
      await t.query('INSERT INTO a VALUES (?)', [1]);
      return t.changed('UPDATE a SET b = ?', [2]);
    });
    expect(changed).toBe(1);
    expect(sent).toEqual([
      'START TRANSACTION',
      'INSERT INTO a VALUES (?)',
      'UPDATE a SET b = ?',
      'COMMIT',
    ]);
    expect(logged).toEqual(sent);
    expect(released()).toBe(1);
  });

  it('rolls back when the work throws, rethrows, and releases the connection', async () => {
    const { tx, sent, released } = pooled();
    await expect(
      tx.fixed(async (t) => {
        await t.query('INSERT INTO a VALUES (?)', [1]);
        throw new Error('lost');
      }),
    ).rejects.toThrow('lost');
    expect(sent).toEqual(['START TRANSACTION', 'INSERT INTO a VALUES (?)', 'ROLLBACK']);
    expect(released()).toBe(1);
  });

  it('a failed statement is a QueryFailedError; a deadlock runs the whole transaction again', async () => {
    let deadlocks = 1;
    const { tx, sent } = pooled((sql) =>
      sql === 'COMMIT' && deadlocks-- > 0 ? conflict().driverError : undefined,
    );
    await expect(tx.fixed((t) => t.query('INSERT INTO a VALUES (?)', [1]))).resolves.toEqual([]);
    expect(sent).toEqual([
      'START TRANSACTION',
      'INSERT INTO a VALUES (?)',
      'COMMIT',
      'ROLLBACK',
      'START TRANSACTION',
      'INSERT INTO a VALUES (?)',
      'COMMIT',
    ]);
    const failing = pooled(() => new Error('syntax'));
    await expect(failing.tx.read('SELECT 1', [])).rejects.toBeInstanceOf(QueryFailedError);
    expect(failing.released()).toBe(1);
  });
});
