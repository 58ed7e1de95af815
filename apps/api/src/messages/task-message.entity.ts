import { Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { PartyType } from '@app/contracts';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Task } from '../tasks/task.entity';

/** One message in a task's thread between the client and the firm (SPEC rule 18). */
@Entity('task_messages')
@Index('ix_task_messages_task', ['taskId', 'createdAt'])
export class TaskMessage {
  @IdColumn() id!: string;

  @RefColumn() taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_messages_task' })
  task?: Task;

  @Column({ type: 'varchar', length: 16 }) authorType!: PartyType;

  /** The staff member, or the client, who wrote it. */
  @RefColumn() authorId!: string;

  /**
   * The staff member who wrote it (staff replies only; issue 12), so the client sees their
   * display name; null for client messages.
   */
  @RefColumn({ nullable: true })
  @ForeignKey('Staff', { onDelete: 'SET NULL', name: 'fk_task_messages_author_staff' })
  authorStaffId!: string | null;

  @RefColumn({ nullable: true }) deviceId!: string | null;

  @Column({ type: 'text' }) body!: string;

  @TimeColumn() createdAt!: Date;
}
