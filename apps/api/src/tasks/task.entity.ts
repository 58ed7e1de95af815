import { Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import type { TaskStatus } from '@app/contracts';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { TaskRequest } from './task-request.entity';

@Entity('tasks')
@Index('ix_tasks_owner', ['ownerStaffId', 'status'])
export class Task {
  @IdColumn() id!: string;

  @RefColumn() clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_tasks_client' })
  client?: Client;

  /** Human reference quoted in e-mails and on the legacy PIN page, e.g. "T-4K7M2Q". */
  @Index('uq_tasks_reference', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  reference!: string;

  @Column({ type: 'varchar', length: 200 }) title!: string;

  @Column({ type: 'text', nullable: true }) description!: string | null;

  /** Calendar date, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10, nullable: true }) dueDate!: string | null;

  @Column({ type: 'varchar', length: 16 }) status!: TaskStatus;

  /**
   * A statutory deadline (e.g. an office-action response, issue 13): reminders come more often
   * as the due date nears, in firmer words.
   */
  @Column({ type: 'boolean', default: false }) statutory?: boolean;

  /**
   * This task's reminder settings as JSON (`TaskReminderSettings`): null follows the firm-wide
   * schedule; `{"off":true}` sends none; otherwise the fields given replace the firm's. Both
   * columns are optional in TypeScript: a writer that does not name them gets the defaults.
   */
  @Column({ type: 'varchar', length: 400, nullable: true }) reminderSettings?: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn({ nullable: true }) dispatchedAt!: Date | null;
  @TimeColumn({ nullable: true }) completedAt!: Date | null;
  /** Set when staff cancel the task (status 'cancelled'). */
  @TimeColumn({ nullable: true }) cancelledAt!: Date | null;
  /** Set when staff close the task before every request was done. */
  @RefColumn({ nullable: true }) closedByStaffId!: string | null;

  /**
   * The staff member who owns the task (issue 12): set when staff compose it, default the
   * caller; null for tasks created before owners existed. Named by entity so tasks/ does not
   * import staff/.
   */
  @RefColumn({ nullable: true })
  @ForeignKey('Staff', { onDelete: 'SET NULL', name: 'fk_tasks_owner' })
  ownerStaffId?: string | null;

  /**
   * Issue 11: the task's requests counted on its row, so the dashboard lists reads no other
   * table. Kept by TasksService.refreshCounts in every transaction of tasks/ that adds requests,
   * finishes or reopens one, or submits or withdraws a declined answer. Optional in TypeScript:
   * a writer that does not name them writes 0 (TasksService.insert names them).
   */
  @Column({ type: 'int', default: 0 }) openRequests?: number;
  @Column({ type: 'int', default: 0 }) totalRequests?: number;
  /** Submitted confirmations declined, waiting for the firm (issue 12 `awaitingFirm`). */
  @Column({ type: 'int', default: 0 }) declinedAnswers?: number;

  @OneToMany(() => TaskRequest, (request) => request.task)
  requests?: TaskRequest[];
}
