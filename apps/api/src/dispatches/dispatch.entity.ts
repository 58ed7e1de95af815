import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

export type DispatchMode = 'link' | 'pin';

/** One sending of one or more tasks to a client. */
@Entity('dispatches')
@Index('ix_dispatches_client', ['clientId', 'createdAt'])
export class Dispatch {
  @IdColumn() id!: string;

  @RefColumn() clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_dispatches_client' })
  client?: Client;

  @Column({ type: 'varchar', length: 8 }) mode!: DispatchMode;

  @RefColumn({ nullable: true }) createdByStaffId!: string | null;

  @TimeColumn() createdAt!: Date;
}
