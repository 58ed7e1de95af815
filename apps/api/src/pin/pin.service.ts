import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { EntityManager, In, IsNull, LessThan, LessThanOrEqual, Or, Repository } from 'typeorm';
import { waitPhrase } from '../auth/sign-in-errors';
import { AuditService } from '../audit/audit.service';
import type { CallerContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../common/passwords';
import { newId } from '../database/columns';
import { describeUserAgent } from '../devices/devices.service';
import type { Session } from '../sessions/session.entity';
import { SessionTokensService } from '../sessions/session-tokens.service';
import { TasksService } from '../tasks/tasks.service';
import { AttemptClaim, AttemptLimit, FailureThrottle } from '../throttle/failure-throttle.service';
import { PinCode } from './pin-code.entity';

/** SPEC rule 12: 5 wrong PINs lock a task for 15 minutes. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MS = 15 * 60 * 1000;
const PIN_DIGITS = 8;

export function newPin(digits = PIN_DIGITS): string {
  return Array.from({ length: digits }, () => randomInt(10)).join('');
}

/**
 * The same words for an unknown reference and a wrong PIN on a real one (no "N more wrong PINs"
 * count either: it would tell a real reference from an unknown one).
 */
const pinFailed = (): UnauthorizedException =>
  new UnauthorizedException({
    error: 'pin_failed',
    message: 'The reference or PIN is not right. Check both in your e-mail.',
  });

const pinLocked = (retryAfterSeconds: number): HttpException =>
  new HttpException(
    {
      error: 'pin_locked',
      message: `Too many wrong PINs: this task is locked. Please wait ${waitPhrase(retryAfterSeconds)} and try again.`,
      retryAfterSeconds,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );

const pinThrottled = (retryAfterSeconds: number): HttpException =>
  new HttpException(
    {
      error: 'too_many_attempts',
      message: `Too many wrong PINs from this network. Please wait ${waitPhrase(retryAfterSeconds)} and try again.`,
      retryAfterSeconds,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );

/**
 * Legacy PIN access (SPEC rules 11-12): the one owner of `pin_codes` (PINs of PIN dispatches and
 * of imported tasks) and the PIN page's sign-in.
 */
@Injectable()
export class PinService {
  constructor(
    @InjectRepository(PinCode) private readonly pins: Repository<PinCode>,
    private readonly tasks: TasksService,
    private readonly sessions: SessionTokensService,
    private readonly throttle: FailureThrottle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A fresh random PIN and its slow hash; hash before opening a transaction. */
  async prepare(): Promise<{ pin: string; pinHash: string }> {
    const pin = newPin();
    return { pin, pinHash: await this.hash(pin) };
  }

  /** The slow hash of a PIN a client already has (a legacy import); hash outside transactions. */
  hash(pin: string): Promise<string> {
    return hashPassword(pin);
  }

  /** Makes pinHash the live PIN of each task (replacing earlier PINs), for this dispatch. */
  async store(
    manager: EntityManager,
    input: { dispatchId: string; clientId: string; taskIds: string[]; pinHash: string },
  ): Promise<void> {
    const now = this.clock.now();
    await manager.delete(PinCode, { taskId: In(input.taskIds) });
    await manager.insert(
      PinCode,
      input.taskIds.map((taskId) => ({
        id: newId(),
        taskId,
        dispatchId: input.dispatchId,
        clientId: input.clientId,
        pinHash: input.pinHash,
        failedAttempts: 0,
        lockedUntil: null,
        createdAt: now,
      })),
    );
  }

  /**
   * The PIN page: a task reference and its PIN give a session scoped to the PIN's dispatch.
   * Each attempt is claimed (counted) before the PIN is checked, per address and per task, so
   * parallel guesses cannot exceed either limit; while a task is locked even the right PIN is
   * refused. An unknown reference is counted and locked exactly like a real one, so no answer
   * tells the two apart.
   */
  async signIn(
    reference: string,
    pin: string,
    caller: Pick<CallerContext, 'ip' | 'userAgent' | 'sessionToken'>,
  ): Promise<{ token: string; session: Session; reference: string }> {
    const ip = caller.ip;
    const addressLimit: AttemptLimit = {
      scope: 'pin_address',
      key: ip,
      max: this.config.signIn.pinMaxPerAddress,
      windowMs: PIN_LOCK_MS,
    };
    const claimed = await this.throttle.claim([addressLimit]);
    if (!claimed.ok) {
      await this.audit.record({ type: 'pin.throttled', actorType: 'anonymous', ip });
      throw pinThrottled(claimed.retryAfterSeconds);
    }
    const addressClaim = claimed.claims[0];

    const task = await this.tasks.findByReference(reference);
    const code = task ? await this.pins.findOneBy({ taskId: task.id }) : null;
    if (!code) return this.unknownReference(reference, pin, addressClaim, ip);

    try {
      await this.claimAttempt(code);
    } catch (error) {
      // Refused while locked: no PIN was checked, so it is no wrong PIN from this address.
      await this.throttle.release(addressClaim);
      throw error;
    }
    const ok = await verifyPassword(code.pinHash, pin);
    if (ok) {
      await this.pins.update({ id: code.id }, { failedAttempts: 0 });
      await this.throttle.release(addressClaim);
      const label = describeUserAgent(caller.userAgent ?? undefined);
      // Signing in again replaces this browser's earlier login or PIN session.
      const previous = await this.sessions.find(['client', 'pin'], caller.sessionToken);
      if (previous) await this.sessions.revoke(previous.id);
      const { token, session } = await this.sessions.issue('pin', code.dispatchId, label);
      await this.audit.record({
        type: 'pin.ok',
        actorType: 'client',
        clientId: code.clientId,
        subjectId: code.taskId,
        ip,
        detail: { dispatchId: code.dispatchId, sessionId: session.id },
      });
      return { token, session, reference };
    }

    await this.failed(code.clientId, code.taskId, ip);
    const after = await this.pins.findOneByOrFail({ id: code.id });
    if (after.failedAttempts >= PIN_MAX_FAILURES) {
      const lockedUntil = new Date(this.clock.now().getTime() + PIN_LOCK_MS);
      const locked = await this.pins.update(
        { id: code.id, lockedUntil: Or(IsNull(), LessThanOrEqual(this.clock.now())) },
        { lockedUntil },
      );
      if (locked.affected === 1) {
        await this.audit.record({
          type: 'pin.locked',
          actorType: 'anonymous',
          clientId: code.clientId,
          subjectId: code.taskId,
          ip,
          detail: { until: lockedUntil.toISOString() },
        });
      }
      throw pinLocked(Math.ceil(PIN_LOCK_MS / 1000));
    }
    throw pinFailed();
  }

  /**
   * A reference no task has: the decoy hash is checked (the same argon2 work) and the attempt is
   * counted under the reference typed, with the per-task rule (the 5th wrong PIN locks for 15
   * minutes from then; the lock's end starts a fresh count), so the answers, Retry-After
   * included, are those a real task would give.
   */
  private async unknownReference(
    reference: string,
    pin: string,
    addressClaim: AttemptClaim,
    ip: string,
  ): Promise<never> {
    const limit: AttemptLimit = {
      scope: 'pin_reference',
      key: reference,
      max: PIN_MAX_FAILURES,
      windowMs: PIN_LOCK_MS,
      mode: 'lockout',
    };
    const claimed = await this.throttle.claim([limit]);
    if (!claimed.ok) {
      await this.throttle.release(addressClaim);
      throw pinLocked(claimed.retryAfterSeconds);
    }
    await verifyPassword(await decoyPasswordHash(), pin);
    await this.failed(null, null, ip);
    if ((await this.throttle.count(limit)) >= PIN_MAX_FAILURES) {
      await this.throttle.lock(limit);
      await this.audit.record({
        type: 'pin.locked',
        actorType: 'anonymous',
        ip,
        detail: { knownReference: false },
      });
      throw pinLocked(Math.ceil(PIN_LOCK_MS / 1000));
    }
    throw pinFailed();
  }

  /** Counts one attempt against the task, or refuses it while the task is locked. */
  private async claimAttempt(code: PinCode): Promise<void> {
    const now = this.clock.now();
    // A lock that has run out starts a fresh count.
    await this.pins.update(
      { id: code.id, lockedUntil: LessThanOrEqual(now) },
      { lockedUntil: null, failedAttempts: 0 },
    );
    const claimed = await this.pins.update(
      { id: code.id, lockedUntil: IsNull(), failedAttempts: LessThan(PIN_MAX_FAILURES) },
      { failedAttempts: () => 'failed_attempts + 1' },
    );
    if (claimed.affected === 1) return;
    const current = await this.pins.findOneByOrFail({ id: code.id });
    if (!current.lockedUntil) {
      // The count reached the limit but the lock was never written (a crash in between).
      await this.pins.update(
        { id: code.id, lockedUntil: IsNull() },
        { lockedUntil: new Date(now.getTime() + PIN_LOCK_MS) },
      );
    }
    const until = current.lockedUntil?.getTime() ?? now.getTime() + PIN_LOCK_MS;
    throw pinLocked(Math.max(1, Math.ceil((until - now.getTime()) / 1000)));
  }

  private async failed(clientId: string | null, taskId: string | null, ip: string): Promise<void> {
    await this.audit.record({
      type: 'pin.failed',
      actorType: 'anonymous',
      clientId,
      subjectId: taskId,
      ip,
    });
  }
}
