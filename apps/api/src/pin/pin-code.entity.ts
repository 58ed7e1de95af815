import { Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Task } from '../tasks/task.entity';

/**
 * The PIN that opens a legacy task (SPEC rules 11-12): one live PIN per task, from its latest PIN
 * dispatch (or the import). Only an argon2id hash is stored. Five wrong PINs lock the task for
 * 15 minutes; the counter and the lock live here so they hold across instances.
 */
@Entity('pin_codes')
@Index('ix_pin_codes_dispatch', ['dispatchId'])
export class PinCode {
  @IdColumn() id!: string;

  @Index('uq_pin_codes_task', { unique: true })
  @RefColumn()
  taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_pin_codes_task' })
  task?: Task;

  /** Referenced by entity name: pin/ sits below dispatches/. */
  @RefColumn()
  @ForeignKey('Dispatch', { onDelete: 'CASCADE', name: 'fk_pin_codes_dispatch' })
  dispatchId!: string;

  @RefColumn() clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_pin_codes_client' })
  client?: Client;

  @Column({ type: 'varchar', length: 255 }) pinHash!: string;

  /** Wrong PINs since the last lock or success. */
  @Column({ type: 'int', default: 0 }) failedAttempts!: number;

  @TimeColumn({ nullable: true }) lockedUntil!: Date | null;

  @TimeColumn() createdAt!: Date;
}
