import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, MoreThan, Repository } from 'typeorm';
import type { AuditEventView, Page } from '@app/contracts';
import { Clock } from '../common/clock';
import { newId } from '../database/columns';
import { sqlTime } from '../database/sql-values';
import type { SqlExecutor } from '../database/transactor';
import { AuditActor, AuditEvent } from './audit-event.entity';

export type AuditType =
  | 'link.issued'
  | 'link.redeemed'
  | 'link.declined'
  | 'link.expired'
  | 'link.revoked'
  | 'access_link.sent'
  | 'access_code.accepted'
  | 'access_code.failed'
  | 'access_code.refused'
  | 'access_code.throttled'
  | 'device.moved'
  | 'device.revoked'
  | 'purge.ran'
  | 'dispatch.created'
  | 'task.cancelled'
  | 'task.closed'
  | 'document.uploaded'
  | 'document.downloaded'
  | 'document.removed'
  | 'staff.login_ok'
  | 'staff.login_failed'
  | 'staff.login_throttled'
  | 'staff.created'
  | 'staff.role_changed'
  | 'staff.disabled'
  | 'staff.enabled'
  | 'integration_token.created'
  | 'integration_token.revoked'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.removed'
  | 'account.password_set'
  | 'account.login_ok'
  | 'account.login_failed'
  | 'account.login_throttled'
  | 'session.revoked'
  | 'pin.ok'
  | 'pin.failed'
  | 'pin.locked'
  | 'pin.throttled'
  | 'legacy.imported'
  | 'reminder.sent'
  | 'reminder.skipped'
  | 'reminder.digest_sent'
  | 'template.created'
  | 'template.updated'
  | 'template.archived'
  | 'template.deleted'
  | 'task.composed'
  | 'bulk.dispatched'
  | 'request.changes_requested'
  | 'request.decline_accepted';

export interface AuditInput {
  type: AuditType;
  actorType: AuditActor;
  actorId?: string | null;
  clientId?: string | null;
  subjectId?: string | null;
  ip?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

const INSERT_AUDIT_SQL = `INSERT INTO audit_events
  (id, type, actor_type, actor_id, client_id, subject_id, ip, detail, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Writes security events, inside the caller's transaction when one is given. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    private readonly clock: Clock,
  ) {}

  async record(input: AuditInput, manager?: SqlExecutor): Promise<void> {
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
    // A fixed statement: audit rows are written on hot paths (redeem), where the ORM's insert
    // builder costs more than the statement (issue 11).
    await (manager ?? this.events.manager).query(INSERT_AUDIT_SQL, [
      event.id,
      event.type,
      event.actorType,
      event.actorId,
      event.clientId,
      event.subjectId,
      event.ip,
      event.detail,
      sqlTime(event.createdAt),
    ]);
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

  /** Security events, newest first, filtered by client and type: the staff's audit view. */
  async search(query: {
    clientId?: string;
    type?: string;
    limit: number;
    offset: number;
  }): Promise<Page<AuditEventView>> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.clientId) where.clientId = query.clientId;
    if (query.type) where.type = query.type;
    const [rows, total] = await this.events.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: rows.map((e) => ({
        id: e.id,
        type: e.type,
        actorType: e.actorType,
        actorId: e.actorId,
        clientId: e.clientId,
        subjectId: e.subjectId,
        ip: e.ip,
        detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
        createdAt: e.createdAt.toISOString(),
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
