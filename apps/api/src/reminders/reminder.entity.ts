import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Task } from '../tasks/task.entity';

/** Why a task was due for a reminder on a day. */
export type ReminderReason = 'before_due' | 'due_today' | 'overdue' | 'link_unopened';
/** sent: in that day's digest; skipped: due, but the client had acted since the last one. */
export type ReminderOutcome = 'sent' | 'skipped';
/**
 * What the digest offered for the task: held (a born-used link that opens only on the device
 * holding the tasks), unheld (a born-used link while no device holds them yet: it opens nothing,
 * the original link still works), pin (legacy: reference and PIN), none (skipped).
 * replacement: rows written before issue 14, when an unused link was replaced by a fresh one.
 */
export type ReminderAccess = 'held' | 'unheld' | 'replacement' | 'pin' | 'none';

/**
 * One reminder point of one task (issue 13): sent in a digest, or skipped by a stop rule. Staff
 * read them (`GET /api/admin/clients/{id}/reminders`); the schedule counts them (at most N sent)
 * and starts again from the latest.
 */
@Entity('reminders')
@Index('ix_reminders_task', ['taskId', 'createdAt'])
@Index('ix_reminders_client', ['clientId', 'createdAt'])
export class Reminder {
  @IdColumn() id!: string;

  @RefColumn() clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_reminders_client' })
  client?: Client;

  @RefColumn() taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_reminders_task' })
  task?: Task;

  /** The digest that carried it (or that evaluated the client, for a skipped one). */
  @RefColumn() digestId!: string;

  @Column({ type: 'varchar', length: 16 }) outcome!: ReminderOutcome;

  @Column({ type: 'varchar', length: 24 }) reason!: ReminderReason;

  /** The firm's calendar date it was for (FIRM_TIME_ZONE). */
  @Column({ type: 'varchar', length: 10 }) localDate!: string;

  /** The task's due date then, and days from localDate to it (negative: overdue). */
  @Column({ type: 'varchar', length: 10, nullable: true }) dueDate!: string | null;
  @Column({ type: 'int', nullable: true }) daysToDue!: number | null;

  @Column({ type: 'boolean', default: false }) statutory!: boolean;

  @Column({ type: 'varchar', length: 16 }) access!: ReminderAccess;

  @TimeColumn() createdAt!: Date;
}
