import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { newToken, sha256Hex, TOKEN_PATTERN } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Session, type SessionSubject } from './session.entity';

/** A session's lastSeenAt is written at most this often (idle time is measured from it). */
const TOUCH_RESOLUTION_MS = 60 * 1000;
/** The most sessions a list shows. */
const LIST_LIMIT = 200;

/** Whose sessions: one kind, and the subjects (staff ids, client ids or dispatch ids). */
export interface SessionSubjects {
  kind: SessionSubject;
  subjectIds: string[];
}

/**
 * The one home of server-side sessions (SPEC rule 20) for staff, client logins and PIN sign-ins:
 * an opaque token of which only the SHA-256 is kept, an idle and an absolute timeout, revocable
 * at any time. It knows nothing of HTTP or of what a subject is; callers bring the token and
 * decide what a live session proves.
 */
@Injectable()
export class SessionTokensService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new session with a new token (every sign-in gets its own). */
  async issue(
    kind: SessionSubject,
    subjectId: string,
    label: string | null = null,
    manager?: EntityManager,
  ): Promise<{ token: string; session: Session }> {
    const now = this.clock.now();
    const token = newToken();
    const session: Session = {
      id: newId(),
      tokenHash: sha256Hex(token),
      subjectType: kind,
      subjectId,
      label,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimeHours(kind) * 3_600_000),
      revokedAt: null,
    };
    await (manager ? manager.insert(Session, session) : this.sessions.insert(session));
    return { token, session };
  }

  /**
   * The live session (not revoked, not idle too long, not past its absolute expiry) of one of
   * these kinds that the token opens; null for anything else, a malformed token included. Does
   * not touch it: call `touch` once the caller has accepted it.
   */
  async find(kinds: SessionSubject[], token: string | null | undefined): Promise<Session | null> {
    if (!token || !TOKEN_PATTERN.test(token)) return null;
    const session = await this.sessions.findOne({
      where: { tokenHash: sha256Hex(token), subjectType: In(kinds), revokedAt: IsNull() },
    });
    return session && this.isLive(session, this.clock.now()) ? session : null;
  }

  /** A session by id, live or not (for showing its expiry), or null. */
  get(sessionId: string): Promise<Session | null> {
    return this.sessions.findOneBy({ id: sessionId });
  }

  /** Records use of a session (at most once a minute), which keeps it from going idle. */
  async touch(session: Session): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_RESOLUTION_MS) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: now });
    }
  }

  isLive(session: Session, now: Date): boolean {
    const idleMs = this.config.sessions.idleMinutes * 60_000;
    return (
      session.revokedAt === null &&
      now < session.expiresAt &&
      now.getTime() - session.lastSeenAt.getTime() <= idleMs
    );
  }

  /** Live sessions of these subjects, newest first (at most 200). */
  async listFor(subjects: SessionSubjects[]): Promise<Session[]> {
    const now = this.clock.now();
    const where = subjects
      .filter((s) => s.subjectIds.length > 0)
      .map((s) => ({
        subjectType: s.kind,
        subjectId: In(s.subjectIds),
        revokedAt: IsNull(),
        expiresAt: MoreThan(now),
      }));
    if (where.length === 0) return [];
    const sessions = await this.sessions.find({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: LIST_LIMIT,
    });
    return sessions.filter((s) => this.isLive(s, now));
  }

  /** Ends a session at once; true when it was not already ended. */
  async revoke(sessionId: string, manager?: EntityManager): Promise<boolean> {
    const repo = manager ? manager.getRepository(Session) : this.sessions;
    const result = await repo.update(
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    return result.affected === 1;
  }

  /** Ends every open session of one subject; returns how many it ended. */
  async revokeAllFor(
    kind: SessionSubject,
    subjectId: string,
    manager?: EntityManager,
  ): Promise<number> {
    const repo = manager ? manager.getRepository(Session) : this.sessions;
    const result = await repo.update(
      { subjectType: kind, subjectId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    return result.affected ?? 0;
  }

  /** Deletes up to `batchSize` sessions past their absolute expiry; returns how many (purge). */
  async deleteExpired(now: Date, batchSize: number): Promise<number> {
    const rows = await this.sessions.find({
      select: { id: true },
      where: { expiresAt: LessThan(now) },
      take: batchSize,
    });
    if (rows.length === 0) return 0;
    return (await this.sessions.delete({ id: In(rows.map((r) => r.id)) })).affected ?? 0;
  }

  private lifetimeHours(kind: SessionSubject): number {
    if (kind === 'staff') return this.config.staff.sessionHours;
    return kind === 'pin' ? this.config.sessions.pinHours : this.config.sessions.clientHours;
  }
}
