import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * What staff and integrations hear about (issue 12): one row per event, written in the same
 * transaction as the change it reports. Staff notifications and webhook deliveries are derived
 * from these rows by lease-held jobs, each marking the rows it has handled (notifiedAt,
 * fannedOutAt) in the transaction that queues its mail or deliveries: never lost, never twice.
 */
export const ACTIVITY_TYPES = [
  'task.sent',
  'link.redeemed',
  'device.moved',
  'request.answered',
  'document.uploaded',
  'message.posted',
  'task.completed',
  'confirmation.declined',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Who caused the event: the client (any of their identities), staff, or the system. */
export type ActivityActor = 'client' | 'staff' | 'system';

@Entity('activity_events')
// Each job reads the rows it has not handled yet, oldest first: by creation, then id, the order
// of its batches (InnoDB keeps the id in every index anyway; SQLite needs it named to read in
// that order without sorting).
@Index('ix_activity_events_notify', ['notifiedAt', 'createdAt', 'id'])
@Index('ix_activity_events_fan_out', ['fannedOutAt', 'createdAt', 'id'])
// The retention purge deletes by age, oldest first.
@Index('ix_activity_events_created', ['createdAt'])
export class ActivityEvent {
  @IdColumn() id!: string;

  @Column({ type: 'varchar', length: 48 }) type!: ActivityType;

  @Column({ type: 'varchar', length: 16 }) actorType!: ActivityActor;

  @RefColumn({ nullable: true }) actorId!: string | null;

  @RefColumn() clientId!: string;

  /** The task it is about; null for events about a whole dispatch (link, device). */
  @RefColumn({ nullable: true }) taskId!: string | null;

  @RefColumn({ nullable: true }) dispatchId!: string | null;

  /** The request, document, message or link the event is about. */
  @RefColumn({ nullable: true }) subjectId!: string | null;

  /** Small JSON of facts for the payload (never a token, code or answer text). */
  @Column({ type: 'text', nullable: true }) detail!: string | null;

  @TimeColumn() createdAt!: Date;

  @TimeColumn({ nullable: true }) notifiedAt!: Date | null;

  @TimeColumn({ nullable: true }) fannedOutAt!: Date | null;
}
