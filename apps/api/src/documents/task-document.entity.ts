import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { PartyType } from '@app/contracts';
import { HashColumn, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { TaskRequest } from '../tasks/task-request.entity';
import { Task } from '../tasks/task.entity';

/**
 * One stored file: uploaded by the client to a document request, or by staff for the client
 * (requestId null). The bytes live in FileStorage under a random key; the name is only shown.
 */
@Entity('task_documents')
@Index('ix_task_documents_task', ['taskId', 'createdAt'])
export class TaskDocument {
  @IdColumn() id!: string;

  @RefColumn() taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_documents_task' })
  task?: Task;

  @RefColumn({ nullable: true }) requestId!: string | null;

  @ManyToOne(() => TaskRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_task_documents_request' })
  request?: TaskRequest;

  @Index('uq_task_documents_storage_key', { unique: true })
  @Column({ type: 'varchar', length: 80 })
  storageKey!: string;

  @Column({ type: 'varchar', length: 255 }) filename!: string;

  @Column({ type: 'varchar', length: 127 }) contentType!: string;

  @Column({
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  size!: number;

  @HashColumn() sha256!: string;

  @Column({ type: 'varchar', length: 16 }) uploadedByType!: PartyType;

  /** The staff member, or the client, who uploaded it. */
  @RefColumn() uploadedById!: string;

  /** The trusted device it came from, when a client uploaded through one. */
  @RefColumn({ nullable: true }) deviceId!: string | null;

  @TimeColumn() createdAt!: Date;
}
