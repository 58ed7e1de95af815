import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Task } from '../tasks/task.entity';
import { Dispatch } from './dispatch.entity';

/** Which tasks a dispatch carried (a task may be sent again in a later dispatch). */
@Entity('dispatch_tasks')
@Index('ix_dispatch_tasks_task', ['taskId'])
export class DispatchTask {
  @PrimaryColumn({ type: 'varchar', length: 36 }) dispatchId!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) taskId!: string;

  @ManyToOne(() => Dispatch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dispatch_id', foreignKeyConstraintName: 'fk_dispatch_tasks_dispatch' })
  dispatch?: Dispatch;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_dispatch_tasks_task' })
  task?: Task;
}
