import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { RequestKind, RequestStatus } from '@app/contracts';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Task } from './task.entity';

/** One thing a client is asked to do within a task. */
@Entity('task_requests')
@Index('ix_task_requests_task', ['taskId', 'position'])
export class TaskRequest {
  @IdColumn() id!: string;

  @RefColumn() taskId!: string;

  @ManyToOne(() => Task, (task) => task.requests, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_requests_task' })
  task?: Task;

  @Column({ type: 'int' }) position!: number;

  @Column({ type: 'varchar', length: 16 }) kind!: RequestKind;

  @Column({ type: 'text' }) prompt!: string;

  @Column({ type: 'varchar', length: 16 }) status!: RequestStatus;

  @TimeColumn({ nullable: true }) completedAt!: Date | null;

  /**
   * Issue 12: the firm's note when it asked for changes and reopened the request; cleared when
   * the client submits again. Optional in TypeScript: writers that do not name it write null.
   */
  @Column({ type: 'text', nullable: true }) changeNote?: string | null;
}
