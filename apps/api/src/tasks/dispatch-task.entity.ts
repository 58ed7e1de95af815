import { Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Task } from './task.entity';

/**
 * Which tasks a dispatch carried (a task may be sent again in a later dispatch). Owned by tasks/
 * (TasksService.attachToDispatch writes it, TasksService.visible reads it); the dispatch is
 * referenced by entity name so tasks/ does not import dispatches/.
 */
@Entity('dispatch_tasks')
@Index('ix_dispatch_tasks_task', ['taskId'])
export class DispatchTask {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @ForeignKey('Dispatch', { onDelete: 'CASCADE', name: 'fk_dispatch_tasks_dispatch' })
  dispatchId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 }) taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_dispatch_tasks_task' })
  task?: Task;
}
