import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { ConfirmationDecision } from '@app/contracts';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { TaskRequest } from './task-request.entity';

/**
 * Staff asked for changes to an answered request (issue 12): the note, who and when, and the
 * answer as it stood (the client's submission is kept here; the live answer becomes a draft
 * again). A request's history, oldest first.
 */
@Entity('request_changes')
@Index('ix_request_changes_request', ['requestId', 'createdAt'])
// The staff task view reads a task's change history.
@Index('ix_request_changes_task', ['taskId', 'createdAt'])
export class RequestChange {
  @IdColumn() id!: string;

  @RefColumn() requestId!: string;

  @ManyToOne(() => TaskRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_request_changes_request' })
  request?: TaskRequest;

  @RefColumn() taskId!: string;

  @Column({ type: 'text' }) note!: string;

  @RefColumn() staffId!: string;

  /** The answer as submitted before (null for a document request). */
  @Column({ type: 'text', nullable: true }) previousText!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true })
  previousDecision!: ConfirmationDecision | null;
  @TimeColumn({ nullable: true }) previousSubmittedAt!: Date | null;

  @TimeColumn() createdAt!: Date;
}
