import { Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Client } from '../clients/client.entity';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Dispatch } from '../dispatches/dispatch.entity';
import { Link } from '../links/link.entity';
import { Device } from './device.entity';

/**
 * "This device may open this dispatch's tasks", earned by redeeming a link. At most one grant per
 * dispatch is live: redeeming an access link revokes the others (SPEC rule 5).
 */
@Entity('device_grants')
@Index('ix_device_grants_device', ['deviceId'])
@Index('ix_device_grants_dispatch', ['dispatchId'])
@Index('ix_device_grants_expires', ['expiresAt'])
export class DeviceGrant {
  @IdColumn() id!: string;

  @RefColumn() deviceId!: string;

  @ManyToOne(() => Device, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'device_id', foreignKeyConstraintName: 'fk_device_grants_device' })
  device?: Device;

  @RefColumn() dispatchId!: string;

  @ManyToOne(() => Dispatch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dispatch_id', foreignKeyConstraintName: 'fk_device_grants_dispatch' })
  dispatch?: Dispatch;

  @RefColumn() clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_device_grants_client' })
  client?: Client;

  @RefColumn() linkId!: string;

  @ManyToOne(() => Link, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id', foreignKeyConstraintName: 'fk_device_grants_link' })
  link?: Link;

  @TimeColumn() grantedAt!: Date;
  @TimeColumn() expiresAt!: Date;
  @TimeColumn({ nullable: true }) revokedAt!: Date | null;
}
