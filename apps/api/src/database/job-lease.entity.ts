import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from './columns';

/**
 * One row per scheduled job. An instance runs a tick only if it moves lastSlot forward with one
 * conditional UPDATE, so across any number of instances each tick runs once.
 */
@Entity('job_leases')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 }) name!: string;

  /** The last tick (time slot number) that some instance claimed. */
  @Column({ type: 'bigint' }) lastSlot!: string;

  @Column({ type: 'varchar', length: 64, nullable: true }) holder!: string | null;

  @TimeColumn({ nullable: true }) claimedAt!: Date | null;
}
