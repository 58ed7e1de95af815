import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/crypto';
import { newId } from '../database/columns';
import { AttemptScope, AuthAttempt } from './auth-attempt.entity';

export interface AttemptLimit {
  scope: AttemptScope;
  /** The username tried, the address, …: hashed before it is stored or looked up. */
  key: string;
  /** Attempts allowed within the window; further ones are refused before any check. */
  max: number;
  windowMs: number;
  /**
   * `sliding` (default): at most `max` attempts in any window; each one leaves the count as it
   * leaves the window. `lockout`: attempts count until cleared; the `max`-th locks the key for
   * the window from the last attempt (see lock()), after which the count starts afresh.
   */
  mode?: 'sliding' | 'lockout';
}

/** An attempt that holds a slot: it counts until it is released, cleared or leaves the window. */
export interface AttemptClaim {
  scope: AttemptScope;
  keyHash: string;
  slot: number;
  claimId: string;
}

export type ClaimResult =
  { ok: true; claims: AttemptClaim[] } | { ok: false; retryAfterSeconds: number };

/** Rows older than this count for nothing under any limit and are cleared out now and then. */
const KEEP_MS = 24 * 60 * 60 * 1000;
/** MariaDB/MySQL errors that mean "another writer got there first; try again". */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_DUP_ENTRY']);

/**
 * Limits sign-in and PIN attempts in the database (so every instance sees the same count). An
 * attempt is CLAIMED before the password is checked: parallel requests cannot check more than
 * the limit allows. A successful sign-in gives its claims back (release/clear).
 */
@Injectable()
export class FailureThrottle {
  private readonly logger = new Logger('Throttle');
  private claimed = 0;

  constructor(
    @InjectRepository(AuthAttempt) private readonly attempts: Repository<AuthAttempt>,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims one attempt under every limit, or none: when one refuses, those already taken are
   * given back and the answer is the longest wait among the limits.
   */
  async claim(limits: AttemptLimit[]): Promise<ClaimResult> {
    const claims: AttemptClaim[] = [];
    for (const limit of limits) {
      const claim = await this.claimOne(limit);
      if (typeof claim === 'number') {
        for (const taken of claims) await this.release(taken);
        let wait = claim;
        for (const other of limits) {
          if (other !== limit) wait = Math.max(wait, await this.retryAfterSeconds(other));
        }
        return { ok: false, retryAfterSeconds: wait };
      }
      claims.push(claim);
    }
    if (++this.claimed % 100 === 0) await this.forgetOld();
    return { ok: true, claims };
  }

  /** Gives one claimed attempt back (a correct password: it was no failure). */
  async release(claim: AttemptClaim): Promise<void> {
    await this.attempts.delete({
      scope: claim.scope,
      keyHash: claim.keyHash,
      slot: claim.slot,
      claimId: claim.claimId,
    });
  }

  /** Forgets every attempt counted for a key (an account's, after a successful sign-in). */
  async clear(limit: Pick<AttemptLimit, 'scope' | 'key'>): Promise<void> {
    await this.attempts.delete({ scope: limit.scope, keyHash: keyHash(limit) });
  }

  /** How many attempts a key holds now (for a `lockout` limit: reaching `max` means locked). */
  async count(limit: AttemptLimit): Promise<number> {
    return (await this.live(limit, this.clock.now())).length;
  }

  /** A `lockout` key that reached its limit: locked for the window from now. */
  async lock(limit: AttemptLimit): Promise<void> {
    await this.attempts.update(
      { scope: limit.scope, keyHash: keyHash(limit) },
      { claimedAt: this.clock.now() },
    );
  }

  /** Seconds to wait before an attempt may be claimed, 0 when one may be now (read only). */
  async retryAfterSeconds(limit: AttemptLimit): Promise<number> {
    const now = this.clock.now();
    return this.waitFor(limit, await this.live(limit, now), now);
  }

  /** One slot for one limit, or the seconds to wait. */
  private async claimOne(limit: AttemptLimit): Promise<AttemptClaim | number> {
    const hash = keyHash(limit);
    // Each round either takes a slot or loses it to a parallel request that then holds it, so a
    // few more rounds than there are slots always end; if not, refuse rather than check unclaimed.
    for (let round = 0; round < limit.max + 8; round++) {
      const now = this.clock.now();
      const cutoff = new Date(now.getTime() - limit.windowMs);
      const rows = await this.slots(limit.scope, hash, limit.max);
      const claim: AttemptClaim = {
        scope: limit.scope,
        keyHash: hash,
        slot: -1,
        claimId: newId(),
      };
      try {
        if (limit.mode === 'lockout') {
          if (rows.length >= limit.max) {
            const newest = Math.max(...rows.map((r) => r.claimedAt.getTime()));
            if (newest > cutoff.getTime()) return this.waitFor(limit, rows, now);
            // The lock ran out: a fresh count (each row is compared again, so a parallel
            // request's fresh claim is never deleted).
            await this.attempts.delete({
              scope: limit.scope,
              keyHash: hash,
              claimedAt: LessThanOrEqual(cutoff),
            });
            continue;
          }
        } else {
          const expired = rows.find((r) => r.claimedAt.getTime() <= cutoff.getTime());
          if (expired) {
            // Compare-and-set: only one of several parallel requests can take over this slot.
            const taken = await this.attempts.update(
              { scope: limit.scope, keyHash: hash, slot: expired.slot, claimId: expired.claimId },
              { claimId: claim.claimId, claimedAt: now },
            );
            if (taken.affected === 1) return { ...claim, slot: expired.slot };
            continue;
          }
          if (rows.length >= limit.max) return this.waitFor(limit, rows, now);
        }
        const used = new Set(rows.map((r) => r.slot));
        let slot = 0;
        while (used.has(slot)) slot++;
        // The primary key (scope, key, slot) lets one insert win; the others change nothing.
        await this.attempts
          .createQueryBuilder()
          .insert()
          .into(AuthAttempt)
          .values({
            scope: limit.scope,
            keyHash: hash,
            slot,
            claimId: claim.claimId,
            claimedAt: now,
          })
          .orIgnore()
          .execute();
        const holder = await this.attempts.findOne({
          select: { claimId: true },
          where: { scope: limit.scope, keyHash: hash, slot },
        });
        if (holder?.claimId === claim.claimId) return { ...claim, slot };
      } catch (error) {
        if (!isRetryable(error)) throw error;
      }
    }
    this.logger.warn({ message: 'attempt claim gave up under contention', scope: limit.scope });
    return 1;
  }

  private slots(scope: AttemptScope, hash: string, max: number): Promise<AuthAttempt[]> {
    return this.attempts.find({
      select: { slot: true, claimId: true, claimedAt: true },
      where: { scope, keyHash: hash, slot: LessThan(max) },
    });
  }

  private async live(limit: AttemptLimit, now: Date): Promise<AuthAttempt[]> {
    const rows = await this.slots(limit.scope, keyHash(limit), limit.max);
    if (limit.mode === 'lockout') return rows;
    return rows.filter((r) => r.claimedAt.getTime() > now.getTime() - limit.windowMs);
  }

  /** The wait until a slot frees, given the key's live rows. */
  private waitFor(limit: AttemptLimit, rows: AuthAttempt[], now: Date): number {
    if (rows.length < limit.max) return 0;
    const times = rows.map((r) => r.claimedAt.getTime()).sort((a, b) => a - b);
    // Sliding: the oldest leaves the window first. Lockout: all leave with the newest.
    const frees = (limit.mode === 'lockout' ? times[times.length - 1] : times[0]) + limit.windowMs;
    if (frees <= now.getTime()) return 0;
    return Math.max(1, Math.ceil((frees - now.getTime()) / 1000));
  }

  private async forgetOld(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - KEEP_MS);
    await this.attempts.delete({ claimedAt: LessThan(before) });
  }
}

function keyHash(limit: Pick<AttemptLimit, 'scope' | 'key'>): string {
  return sha256Hex(`${limit.scope}:${limit.key}`);
}

function isRetryable(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string } | null)?.driverError
    ?.code;
  return (
    (code !== undefined && RETRYABLE.has(code)) ||
    /SQLITE_BUSY|SQLITE_CONSTRAINT/.test(String((error as Error | null)?.message))
  );
}
