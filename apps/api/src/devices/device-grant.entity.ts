import { Entity, ForeignKey, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Device } from './device.entity';

/**
 * "This device may open this dispatch's tasks", earned by redeeming a link. At most one grant per
 * dispatch is live: redeeming an access link revokes the others (SPEC rule 5). The dispatch and
 * the link are referenced by entity name: devices/ sits below links/ and dispatches/.
 */
@Entity('device_grants')
@Index('ix_device_grants_device', ['deviceId'])
@Index('ix_device_grants_dispatch', ['dispatchId'])
@Index('ix_device_grants_expires', ['expiresAt'])
// The purge finds grants revoked long ago.
@Index('ix_device_grants_revoked', ['revokedAt'])
export class DeviceGrant {
  @IdColumn() id!: string;

  @RefColumn() deviceId!: string;

  @ManyToOne(() => Device, (device) => device.grants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'device_id', foreignKeyConstraintName: 'fk_device_grants_device' })
  device?: Device;

  @RefColumn()
  @ForeignKey('Dispatch', { onDelete: 'CASCADE', name: 'fk_device_grants_dispatch' })
  dispatchId!: string;

  @RefColumn() clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_device_grants_client' })
  client?: Client;

  /**
   * The link it was earned through. No foreign key and no index (issue 11, purge): each would
   * cost every purged link a lookup and every grant an index entry, and the purge deletes a
   * link's grants itself, found through their dispatch (DevicesService.deleteForLinks); a grant
   * never outlives its link (it expires with it).
   */
  @RefColumn()
  linkId!: string;

  @TimeColumn() grantedAt!: Date;
  @TimeColumn() expiresAt!: Date;
  @TimeColumn({ nullable: true }) revokedAt!: Date | null;
}
