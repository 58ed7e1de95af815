import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * One thing to tell one recipient about one task (issue 12): written from an activity event in
 * the transaction that marks the event notified, and stamped mailedAt in the transaction that
 * queues the mail that carries it. A recipient is a staff member's address or the firm-wide one.
 */
@Entity('staff_notices')
@Index('uq_staff_notices_event', ['eventId', 'taskId', 'recipient'], { unique: true })
@Index('ix_staff_notices_recipient', ['recipient', 'mailedAt', 'createdAt'])
@Index('ix_staff_notices_pending', ['mailedAt', 'createdAt'])
export class StaffNotice {
  @IdColumn() id!: string;

  /** The address the notice goes to (lower-case). */
  @Column({ type: 'varchar', length: 320 }) recipient!: string;

  /** The staff member it is for; null for the firm-wide address. */
  @RefColumn({ nullable: true }) staffId!: string | null;

  @RefColumn() eventId!: string;

  @Column({ type: 'varchar', length: 48 }) eventType!: string;

  @RefColumn() clientId!: string;

  @RefColumn() taskId!: string;

  /** When the event happened. */
  @TimeColumn() createdAt!: Date;

  /** When the mail carrying it was queued (or the notice dropped because notices are off). */
  @TimeColumn({ nullable: true }) mailedAt!: Date | null;
}
