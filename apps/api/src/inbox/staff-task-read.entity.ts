import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../database/columns';

/**
 * When a staff member last opened a task in the workspace (read/unread in the inbox): client
 * activity after `seenAt` makes the task unread for them again. One row per (staff, task);
 * staff and task are named by entity so inbox/ imports neither folder's entities.
 */
@Entity('staff_task_reads')
@Index('ix_staff_task_reads_task', ['taskId', 'seenAt'])
export class StaffTaskRead {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  @ForeignKey('Staff', { onDelete: 'CASCADE', name: 'fk_staff_task_reads_staff' })
  staffId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  @ForeignKey('Task', { onDelete: 'CASCADE', name: 'fk_staff_task_reads_task' })
  taskId!: string;

  @TimeColumn() seenAt!: Date;
}
