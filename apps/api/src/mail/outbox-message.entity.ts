import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimeColumn } from '../database/columns';

/**
 * 'pending' until sent, then 'sent'. Mail is never given up: 'failed' was written only by versions
 * that gave up after MAIL_MAX_ATTEMPTS (their payload is already erased); none is written now.
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * Transactional outbox: written in the same transaction as the change that causes the mail.
 * The payload (which may hold a link) is sealed with APP_SECRET, bound to the row id and the
 * recipient, kept until the mail is sent and erased then.
 */
@Entity('mail_outbox')
// The poll (OutboxWorker.deliverDue) reads pending mail oldest first: status = 'pending' in
// created_at, id order, so it reads the index in order and stops at its batch (no filesort).
@Index('ix_mail_outbox_pending', ['status', 'createdAt', 'id'])
export class OutboxMessage {
  @IdColumn() id!: string;

  @Column({ type: 'varchar', length: 320 }) toAddress!: string;

  @Column({ type: 'varchar', length: 64 }) template!: string;

  @Column({ type: 'text', nullable: true }) sealedPayload!: string | null;

  @Column({ type: 'varchar', length: 16 }) status!: OutboxStatus;

  @Column({ type: 'int' }) attempts!: number;

  @TimeColumn() nextAttemptAt!: Date;

  /**
   * A worker's claim: a fresh token per claim (lockedBy) and its lease (lockedUntil). Only the
   * holder of an unexpired claim sends the message, and every later write names the token.
   */
  @TimeColumn({ nullable: true }) lockedUntil!: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) lockedBy!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true }) lastError!: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn({ nullable: true }) sentAt!: Date | null;
}
