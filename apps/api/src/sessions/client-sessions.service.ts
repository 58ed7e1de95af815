import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { EntityManager, In, IsNull, MoreThan, Repository } from 'typeorm';
import { ClientAccount } from '../accounts/client-account.entity';
import type { ClientPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { newToken, sha256Hex } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Dispatch } from '../dispatches/dispatch.entity';
import { Session } from './session.entity';
import { readSessionCookie } from '../auth/session-cookie';

const TOUCH_RESOLUTION_MS = 60 * 1000;

export type ClientSessionKind = 'client' | 'pin';

/**
 * Server-side sessions for clients (SPEC rule 20): a login session (subject: the client) or a
 * PIN session (subject: one dispatch). The cookie holds an opaque token; only its SHA-256 is
 * stored. Idle and absolute timeouts; revocable at any time.
 */
@Injectable()
export class ClientSessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(ClientAccount) private readonly accounts: Repository<ClientAccount>,
    @InjectRepository(Dispatch) private readonly dispatches: Repository<Dispatch>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new session with a new token (every sign-in gets its own). */
  async start(
    kind: ClientSessionKind,
    subjectId: string,
    label: string | null,
    manager?: EntityManager,
  ): Promise<{ token: string; session: Session }> {
    const now = this.clock.now();
    const hours = kind === 'pin' ? this.config.sessions.pinHours : this.config.sessions.clientHours;
    const token = newToken();
    const session: Session = {
      id: newId(),
      tokenHash: sha256Hex(token),
      subjectType: kind,
      subjectId,
      label,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + hours * 3_600_000),
      revokedAt: null,
    };
    await (manager ? manager.insert(Session, session) : this.sessions.insert(session));
    return { token, session };
  }

  /** The live session behind the request's cookie, touched; null when there is none. */
  async fromRequest(request: Request): Promise<Session | null> {
    const token = readSessionCookie(request, this.config);
    if (!token) return null;
    const session = await this.sessions.findOne({
      where: {
        tokenHash: sha256Hex(token),
        subjectType: In(['client', 'pin']),
        revokedAt: IsNull(),
      },
    });
    if (!session) return null;
    const now = this.clock.now();
    if (!this.isLive(session, now)) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_RESOLUTION_MS) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: now });
    }
    return session;
  }

  /** A ClientPrincipal from a login or PIN session cookie, or null. */
  async authenticate(request: Request): Promise<ClientPrincipal | null> {
    const session = await this.fromRequest(request);
    if (!session) return null;
    if (session.subjectType === 'client') {
      const account = await this.accounts.findOneBy({
        clientId: session.subjectId,
        disabledAt: IsNull(),
      });
      if (!account) return null;
      return {
        kind: 'client',
        via: 'account',
        scope: { clientId: account.clientId },
        clientIds: [account.clientId],
        deviceId: null,
        sessionId: session.id,
      };
    }
    const dispatch = await this.dispatches.findOneBy({ id: session.subjectId });
    if (!dispatch) return null;
    return {
      kind: 'client',
      via: 'pin',
      scope: { dispatchIds: [dispatch.id] },
      clientIds: [dispatch.clientId],
      deviceId: null,
      sessionId: session.id,
    };
  }

  isLive(session: Session, now: Date): boolean {
    const idleMs = this.config.sessions.idleMinutes * 60_000;
    return (
      session.revokedAt === null &&
      now < session.expiresAt &&
      now.getTime() - session.lastSeenAt.getTime() <= idleMs
    );
  }

  /** Live sessions of a client: its login sessions and PIN sessions on its dispatches. */
  async listForClient(clientId: string): Promise<Session[]> {
    const now = this.clock.now();
    const pinDispatches = await this.dispatches.find({
      select: { id: true },
      where: { clientId, mode: 'pin' },
    });
    const where = [
      { subjectType: 'client' as const, subjectId: clientId },
      ...(pinDispatches.length
        ? [{ subjectType: 'pin' as const, subjectId: In(pinDispatches.map((d) => d.id)) }]
        : []),
    ].map((w) => ({ ...w, revokedAt: IsNull(), expiresAt: MoreThan(now) }));
    const sessions = await this.sessions.find({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 200,
    });
    return sessions.filter((s) => this.isLive(s, now));
  }

  /** Ends a session at once; true when it was live. */
  async revoke(sessionId: string, manager?: EntityManager): Promise<boolean> {
    const repo = manager ? manager.getRepository(Session) : this.sessions;
    const result = await repo.update(
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    return result.affected === 1;
  }
}
