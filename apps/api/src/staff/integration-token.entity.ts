import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HashColumn, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Staff } from './staff.entity';

/**
 * A bearer token for one API integration (a docketing or practice system), created by an admin
 * and shown once: only its SHA-256 is kept. It acts with the `staff` role on behalf of the admin
 * who created it, until it is revoked or that admin is disabled.
 */
@Entity('integration_tokens')
export class IntegrationToken {
  @IdColumn() id!: string;

  @Index('uq_integration_tokens_token_hash', { unique: true })
  @HashColumn()
  tokenHash!: string;

  @Column({ type: 'varchar', length: 100 }) name!: string;

  @RefColumn() createdByStaffId!: string;
  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'created_by_staff_id',
    foreignKeyConstraintName: 'fk_integration_tokens_staff',
  })
  createdBy?: Staff;

  @TimeColumn() createdAt!: Date;
  /** Written at most once a minute. */
  @TimeColumn({ nullable: true }) lastUsedAt!: Date | null;
  @TimeColumn({ nullable: true }) revokedAt!: Date | null;
}
