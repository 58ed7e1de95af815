import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * "This client was looked at on this firm day" (issue 13): at most one row per client and local
 * date (unique key), written in the transaction that queues the digest mail. It is what makes the
 * digest once a day across any number of instances, even if two ran the same client at once.
 * outcome none: nothing was due (or every due reminder was skipped), no mail.
 */
@Entity('reminder_digests')
@Index('uq_reminder_digests_client_date', ['clientId', 'localDate'], { unique: true })
@Index('ix_reminder_digests_created', ['createdAt'])
export class ReminderDigest {
  @IdColumn() id!: string;

  @RefColumn() clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_reminder_digests_client' })
  client?: Client;

  @Column({ type: 'varchar', length: 10 }) localDate!: string;

  @Column({ type: 'varchar', length: 8 }) outcome!: 'sent' | 'none';

  /** Open tasks the digest listed, and how many of them were reminders (due that day). */
  @Column({ type: 'int' }) listed!: number;
  @Column({ type: 'int' }) reminded!: number;

  /** The outbox message, when one was queued. */
  @RefColumn({ nullable: true }) mailId!: string | null;

  @TimeColumn() createdAt!: Date;
}
