import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { ConfirmationDecision, PartyType } from '@app/contracts';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { TaskRequest } from './task-request.entity';

/**
 * The answer to a question (text) or a confirmation (approved / declined with a reason). A draft
 * until submitted; submitting marks the request done. One row per request.
 */
@Entity('request_answers')
@Index('ix_request_answers_task', ['taskId'])
export class RequestAnswer {
  @IdColumn() id!: string;

  @Index('uq_request_answers_request', { unique: true })
  @RefColumn()
  requestId!: string;

  @ManyToOne(() => TaskRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_request_answers_request' })
  request?: TaskRequest;

  @RefColumn() taskId!: string;

  @Column({ type: 'varchar', length: 16 }) status!: 'draft' | 'submitted';

  @Column({ type: 'text', nullable: true }) text!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true }) decision!: ConfirmationDecision | null;

  @Column({ type: 'varchar', length: 16 }) authorType!: PartyType;

  /** The client (or staff member) who last wrote it. */
  @RefColumn() authorId!: string;

  @RefColumn({ nullable: true }) deviceId!: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn() updatedAt!: Date;
  @TimeColumn({ nullable: true }) submittedAt!: Date | null;
}
