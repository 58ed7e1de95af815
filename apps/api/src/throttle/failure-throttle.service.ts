import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/crypto';
import { newId } from '../database/columns';
import { AuthFailure, FailureScope } from './auth-failure.entity';

export interface FailureLimit {
  scope: FailureScope;
  /** The username tried, the address, …: hashed before it is stored or looked up. */
  key: string;
  /** Failures allowed within the window before further attempts are refused. */
  max: number;
  windowMs: number;
}

const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Counts failed sign-ins and PIN attempts in the database (so every instance sees the same
 * count) and says how long a caller must wait once a limit is reached: a sliding window, which
 * reopens as the oldest counted failure leaves it.
 */
@Injectable()
export class FailureThrottle {
  private recorded = 0;

  constructor(
    @InjectRepository(AuthFailure) private readonly failures: Repository<AuthFailure>,
    private readonly clock: Clock,
  ) {}

  /** Seconds to wait before another attempt, 0 when the caller may try now. */
  async retryAfterSeconds(limit: FailureLimit): Promise<number> {
    const now = this.clock.now().getTime();
    const recent = await this.failures.find({
      select: { id: true, createdAt: true },
      where: {
        scope: limit.scope,
        keyHash: keyHash(limit),
        createdAt: MoreThan(new Date(now - limit.windowMs)),
      },
      order: { createdAt: 'DESC' },
      take: limit.max,
    });
    if (recent.length < limit.max) return 0;
    const reopensAt = recent[limit.max - 1].createdAt.getTime() + limit.windowMs;
    return Math.max(1, Math.ceil((reopensAt - now) / 1000));
  }

  async record(limit: Pick<FailureLimit, 'scope' | 'key'>): Promise<void> {
    const now = this.clock.now();
    await this.failures.insert({
      id: newId(),
      scope: limit.scope,
      keyHash: keyHash(limit),
      createdAt: now,
    });
    // Old failures count for nothing; clear them out now and then.
    if (++this.recorded % 100 === 0) {
      await this.failures.delete({ createdAt: LessThan(new Date(now.getTime() - KEEP_MS)) });
    }
  }

  /** Forgets the failures for a key (an account's, after a successful sign-in). */
  async clear(limit: Pick<FailureLimit, 'scope' | 'key'>): Promise<void> {
    await this.failures.delete({ scope: limit.scope, keyHash: keyHash(limit) });
  }
}

function keyHash(limit: Pick<FailureLimit, 'scope' | 'key'>): string {
  return sha256Hex(`${limit.scope}:${limit.key}`);
}
