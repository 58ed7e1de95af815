import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { IsNull, Repository } from 'typeorm';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { newToken, sha256Hex } from '../common/crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newId } from '../database/columns';
import { Session } from './session.entity';
import { Staff } from './staff.entity';

const TOUCH_RESOLUTION_MS = 60 * 1000;

/** Opaque, server-side, revocable staff sessions. A new token at every sign-in. */
@Injectable()
export class StaffSessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async start(staffId: string): Promise<{ token: string; expiresAt: Date }> {
    const now = this.clock.now();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.config.staff.sessionHours * 3_600_000);
    await this.sessions.insert({
      id: newId(),
      tokenHash: sha256Hex(token),
      subjectType: 'staff',
      subjectId: staffId,
      label: null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      revokedAt: null,
    });
    return { token, expiresAt };
  }

  async authenticate(request: Request): Promise<StaffPrincipal | null> {
    const header = request.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(header);
    if (!match) return null;
    const session = await this.sessions.findOne({
      where: { tokenHash: sha256Hex(match[1]), subjectType: 'staff', revokedAt: IsNull() },
    });
    if (!session) return null;
    const now = this.clock.now();
    const idleMs = this.config.sessions.idleMinutes * 60_000;
    const idle = now.getTime() - session.lastSeenAt.getTime() > idleMs;
    if (idle || now >= session.expiresAt) return null;
    const member = await this.staff.findOne({
      where: { id: session.subjectId, disabledAt: IsNull() },
    });
    if (!member) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_RESOLUTION_MS) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: now });
    }
    return {
      kind: 'staff',
      staffId: member.id,
      username: member.username,
      role: member.role,
      sessionId: session.id,
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update(
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
  }
}
