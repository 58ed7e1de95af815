import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { Transactor } from './transactor';

/** A transaction the server rolled back whole: InnoDB deadlock or Galera certification failure. */
const conflict = () =>
  new QueryFailedError(
    'COMMIT',
    [],
    Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), {
      code: 'ER_LOCK_DEADLOCK',
      errno: 1213,
    }),
  );

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
