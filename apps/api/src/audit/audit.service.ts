import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { AuditActor, AuditEvent } from './audit-event.entity';

export type AuditType =
  | 'link.issued'
  | 'link.redeemed'
  | 'link.declined'
  | 'link.expired'
  | 'link.revoked'
  | 'access_link.sent'
  | 'device.moved'
  | 'device.revoked'
  | 'purge.ran'
  | 'dispatch.created'
  | 'task.cancelled'
  | 'task.closed'
  | 'document.uploaded'
  | 'document.downloaded'
  | 'staff.login_ok'
  | 'staff.login_failed'
  | 'staff.login_throttled'
  | 'staff.created'
  | 'account.password_set'
  | 'account.login_ok'
  | 'account.login_failed'
  | 'account.login_throttled'
  | 'session.revoked'
  | 'pin.ok'
  | 'pin.failed'
  | 'pin.locked'
  | 'pin.throttled'
  | 'legacy.imported';

export interface AuditInput {
  type: AuditType;
  actorType: AuditActor;
  actorId?: string | null;
  clientId?: string | null;
  subjectId?: string | null;
  ip?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

/** Writes security events, inside the caller's transaction when one is given. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    private readonly clock: Clock,
  ) {}

  async record(input: AuditInput, manager?: EntityManager): Promise<void> {
    const event: AuditEvent = {
      id: newId(),
      type: input.type,
      actorType: input.actorType,
      actorId: input.actorId ?? null,
      clientId: input.clientId ?? null,
      subjectId: input.subjectId ?? null,
      ip: input.ip ?? null,
      detail: input.detail ? JSON.stringify(input.detail) : null,
      createdAt: this.clock.now(),
    };
    await (manager ? manager.insert(AuditEvent, event) : this.events.insert(event));
    this.logger.log({
      message: 'audit',
      type: event.type,
      clientId: event.clientId,
      subjectId: event.subjectId,
    });
  }

  /** When the latest `limit` events of a type from one address after `since` happened, newest first. */
  async recentFromAddress(
    manager: EntityManager,
    input: { type: AuditType; ip: string; since: Date; limit: number },
  ): Promise<Date[]> {
    const events = await manager.find(AuditEvent, {
      select: { createdAt: true },
      where: { type: input.type, ip: input.ip, createdAt: MoreThan(input.since) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: input.limit,
    });
    return events.map((e) => e.createdAt);
  }
}
