import { Column, Entity, Index } from 'typeorm';
import { HashColumn, IdColumn, TimeColumn } from '../database/columns';

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
}
