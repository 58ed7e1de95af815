import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { isRolledBackConflict } from './database-errors';

/** Runs of one transaction when the server keeps rolling it back for a lost conflict. */
const CONFLICT_ATTEMPTS = 5;

/**
 * Runs writes that span tables in one transaction. better-sqlite3 has a single connection, so on
 * SQLite transactions are queued one after another (TypeORM would otherwise interleave them on
 * that connection); MySQL gets real concurrent transactions from its pool.
 */
@Injectable()
export class Transactor {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.config.database.driver === 'mysql') return this.retryingConflicts(work);
    const next = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * A transaction the server rolled back whole for a lost conflict (deadlock; on Galera a
   * certification failure at COMMIT) is run again from the start, up to CONFLICT_ATTEMPTS times
   * with a short random pause: the retry sees the winner's committed write (a conditional UPDATE
   * then finds its row taken, a lost race the caller answers as such, never a 503). `work` must
   * only write through `manager`, as every caller here does.
   */
  private async retryingConflicts<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= CONFLICT_ATTEMPTS || !isRolledBackConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
      }
    }
  }
}
