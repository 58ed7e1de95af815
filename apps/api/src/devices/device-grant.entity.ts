import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/**
 * "This device may open this dispatch's tasks", earned by redeeming a link. At most one grant per
 * dispatch is live: redeeming an access link revokes the others (SPEC rule 5).
 *
 * Partitioned by expiry on MariaDB like `links` (issue 11, purge): a grant expires with the link it
 * was earned through, so its month is dropped with the link's. Hence the primary key (id,
 * expires_at) and no foreign keys (MariaDB allows none on a partitioned table): the device, the
 * client and the dispatch are the ones the redeeming code has just read.
 */
@Entity('device_grants')
@Index('ix_device_grants_device', ['deviceId'])
@Index('ix_device_grants_dispatch', ['dispatchId'])
// A client's grants (held by which device): MariaDB's index for the old client foreign key did this.
@Index('ix_device_grants_client', ['clientId', 'deviceId'])
@Index('ix_device_grants_expires', ['expiresAt'])
// The purge finds grants revoked long ago.
@Index('ix_device_grants_revoked', ['revokedAt'])
export class DeviceGrant {
  @IdColumn() id!: string;

  @RefColumn() deviceId!: string;

  @RefColumn() dispatchId!: string;

  @RefColumn() clientId!: string;

  /**
   * The link it was earned through. No foreign key and no index (issue 11, purge): each would
   * cost every purged link a lookup and every grant an index entry, and the purge deletes a
   * link's grants itself, found through their dispatch (DevicesService.deleteForLinks); a grant
   * never outlives its link (it expires with it).
   */
  @RefColumn()
  linkId!: string;

  @TimeColumn() grantedAt!: Date;
  /** The link's expiry (never later); the partition column, hence in the primary key. */
  @PrimaryColumn({ type: 'datetime', precision: 3 }) expiresAt!: Date;
  @TimeColumn({ nullable: true }) revokedAt!: Date | null;
}
