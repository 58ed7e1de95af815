import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { databaseFault, isUniqueViolation } from '../database/database-errors';
import { IdempotencyKey } from './idempotency-key.entity';

/** How long a key is remembered (a retry later than this runs again). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a duplicate waits for the first request to finish before it answers 409. */
const WAIT_MS = 5_000;

export type Begin =
  { kind: 'run'; id: string } | { kind: 'replay'; statusCode: number; body: unknown };

const inProgress = (): ConflictException =>
  new ConflictException({
    error: 'idempotency_key_in_progress',
    message:
      'A request with this Idempotency-Key is still running; try again in a moment to get its answer.',
  });

/**
 * The idempotency_keys table (issue 12). `begin` inserts the key first — the unique (scope, key)
 * index decides which of concurrent duplicates runs, on one database or across Galera nodes
 * (a certification conflict there retries as a lone statement and then meets the index) — and
 * otherwise replays the stored answer, waits for a running twin, or refuses another body.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    private readonly clock: Clock,
  ) {}

  async begin(scope: string, keyHash: string, fingerprint: string): Promise<Begin> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const now = this.clock.now();
      const row: IdempotencyKey = {
        id: newId(),
        scope,
        keyHash,
        fingerprint,
        state: 'running',
        statusCode: null,
        response: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      };
      try {
        await this.keys.insert(row);
        return { kind: 'run', id: row.id };
      } catch (error) {
        if (!isUniqueViolation(error) && databaseFault(error) !== 'busy') throw error;
      }
      const existing = await this.keys.findOneBy({ scope, keyHash });
      if (!existing) {
        // The other insert lost its race too (a deadlock) or the row just expired: try again.
        if (attempt < 3) continue;
        throw inProgress();
      }
      if (existing.expiresAt <= now) {
        await this.keys.delete({ id: existing.id, expiresAt: LessThan(now) });
        continue;
      }
      if (existing.fingerprint !== fingerprint) {
        throw new UnprocessableEntityException({
          error: 'idempotency_key_reused',
          message:
            'This Idempotency-Key was already used with a different request; use a new key for a new request.',
        });
      }
      if (existing.state === 'done') {
        return {
          kind: 'replay',
          statusCode: existing.statusCode ?? 200,
          body: existing.response === null ? null : (JSON.parse(existing.response) as unknown),
        };
      }
      if (Date.now() - started >= WAIT_MS) throw inProgress();
      // The twin is running: wait for it a little, then look again.
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)));
    }
  }

  /** Keeps the first answer for replay. */
  async finish(id: string, statusCode: number, body: unknown): Promise<void> {
    await this.keys.update(
      { id },
      {
        state: 'done',
        statusCode,
        response: body === undefined ? null : JSON.stringify(body),
      },
    );
  }

  /** The request failed and stored nothing: the key may be used again. */
  async abandon(id: string): Promise<void> {
    await this.keys.delete({ id, state: 'running' });
  }

  /** The purge: up to `limit` keys past their expiry; answers how many went. */
  async deleteExpired(now: Date, limit: number): Promise<number> {
    const rows = await this.keys.find({
      select: { id: true },
      where: { expiresAt: LessThan(now) },
      take: limit,
    });
    if (rows.length === 0) return 0;
    const result = await this.keys.delete(rows.map((r) => r.id));
    return result.affected ?? rows.length;
  }
}
