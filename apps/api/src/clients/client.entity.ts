import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimeColumn } from '../database/columns';

@Entity('clients')
export class Client {
  @IdColumn() id!: string;

  /** The order email: trimmed and lower-cased before it is stored, unique. */
  @Index('uq_clients_email', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Dispatches from this moment on use unique links; before it (or when null) a PIN. */
  @TimeColumn({ nullable: true }) portalEnabledFrom!: Date | null;

  @TimeColumn() createdAt!: Date;
}
