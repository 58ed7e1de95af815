import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * A client's optional login (SPEC rules 14-16): one per client, created from a trusted link.
 * The password is kept only as an argon2id hash.
 */
@Entity('client_accounts')
export class ClientAccount {
  @IdColumn() id!: string;

  @Index('uq_client_accounts_client', { unique: true })
  @RefColumn()
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_client_accounts_client' })
  client?: Client;

  /** Lower-cased; unique across clients. */
  @Index('uq_client_accounts_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 255 }) passwordHash!: string;

  @TimeColumn() createdAt!: Date;
  @TimeColumn() passwordSetAt!: Date;
  @TimeColumn({ nullable: true }) disabledAt!: Date | null;
}
