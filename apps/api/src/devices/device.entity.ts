import { Column, Entity, Index, OneToMany } from 'typeorm';
import { HashColumn, IdColumn, TimeColumn } from '../database/columns';
import { DeviceGrant } from './device-grant.entity';

/** A browser that redeemed a link. Its cookie secret is stored only as a SHA-256. */
@Entity('devices')
export class Device {
  @IdColumn() id!: string;

  @Index('uq_devices_secret_hash', { unique: true })
  @HashColumn()
  secretHash!: string;

  /** A short description for "my devices" lists ("Chrome on Android"). */
  @Column({ type: 'varchar', length: 200, nullable: true }) label!: string | null;

  @TimeColumn() createdAt!: Date;
  @TimeColumn() lastSeenAt!: Date;
  @TimeColumn({ nullable: true }) revokedAt!: Date | null;

  /** Loaded only when asked for (the authenticator joins the live ones). */
  @OneToMany(() => DeviceGrant, (grant) => grant.device)
  grants?: DeviceGrant[];
}
