import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimeColumn } from '../database/columns';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * Transactional outbox: written in the same transaction as the change that causes the mail.
 * The payload (which may hold a link) is sealed with APP_SECRET and erased once sent.
 */
@Entity('mail_outbox')
@Index('ix_mail_outbox_due', ['status', 'nextAttemptAt'])
export class OutboxMessage {
  @IdColumn() id!: string;

  @Column({ type: 'varchar', length: 320 }) toAddress!: string;

  @Column({ type: 'varchar', length: 64 }) template!: string;

  @Column({ type: 'text', nullable: true }) sealedPayload!: string | null;

  @Column({ type: 'varchar', length: 16 }) status!: OutboxStatus;

  @Column({ type: 'int' }) attempts!: number;

  @TimeColumn() nextAttemptAt!: Date;

  /** A worker's claim: only the instance holding an unexpired claim sends the message. */
  @TimeColumn({ nullable: true }) lockedUntil!: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) lockedBy!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true }) lastError!: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn({ nullable: true }) sentAt!: Date | null;
}
