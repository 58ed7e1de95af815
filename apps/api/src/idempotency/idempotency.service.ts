import {
  ConflictException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { Sealer } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { databaseFault, isUniqueViolation } from '../database/database-errors';
import { IdempotencyKey } from './idempotency-key.entity';

/** How long a key is remembered (a retry later than this runs again). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a duplicate waits for the first request to finish before it answers 409. */
const WAIT_MS = 5_000;

export type Begin =
  { kind: 'run'; id: string } | { kind: 'replay'; statusCode: number; body: unknown };

/**
 * The longest sealed answer kept (the column is a TEXT: 64 KiB on MariaDB). A longer answer is
 * not kept: the key is done, and a retry is told so instead of running twice.
 */
export const MAX_KEPT_ANSWER = 60_000;
/** What `response` holds for an answer that was too long to keep. */
const NOT_KEPT = 'not-kept';

const notKept = (): ConflictException =>
  new ConflictException({
    error: 'idempotency_answer_not_kept',
    message:
      'A request with this Idempotency-Key already ran, but its answer was too large to keep for a retry; look the result up in the workspace.',
  });

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
  /**
   * Answers are sealed at rest (AES-GCM, bound to their row): some carry a secret shown once,
   * such as a new integration token or webhook signing secret, which must never sit in the
   * database in the clear.
   */
  private readonly sealer: Sealer;

  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sealer = new Sealer(config.appSecret);
  }

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
        if (existing.response === NOT_KEPT) throw notKept();
        return {
          kind: 'replay',
          statusCode: existing.statusCode ?? 200,
          body: existing.response === null ? null : this.readAnswer(existing.id, existing.response),
        };
      }
      if (Date.now() - started >= WAIT_MS) throw inProgress();
      // The twin is running: wait for it a little, then look again.
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)));
    }
  }

  /** A kept answer; one kept in the clear before answers were sealed is read as it is. */
  private readAnswer(id: string, response: string): unknown {
    const json = response.startsWith('v2.')
      ? this.sealer.open(response, sealContext(id))
      : response;
    return JSON.parse(json) as unknown;
  }

  /** Keeps the first answer for replay, sealed. */
  async finish(id: string, statusCode: number, body: unknown): Promise<void> {
    let response: string | null = null;
    if (body !== undefined) {
      response = this.sealer.seal(JSON.stringify(body), sealContext(id));
      if (response.length > MAX_KEPT_ANSWER) response = NOT_KEPT;
    }
    await this.keys.update({ id }, { state: 'done', statusCode, response });
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

/** Binds a sealed answer to its key's row: copied to another row, it no longer opens. */
function sealContext(id: string): string {
  return `idempotency\u0000${id}`;
}
