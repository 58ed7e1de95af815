import { Column, Entity, Index } from 'typeorm';
import type { StaffRole } from '@app/contracts';
import { IdColumn, TimeColumn } from '../database/columns';

@Entity('staff')
export class Staff {
  @IdColumn() id!: string;

  @Index('uq_staff_username', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  username!: string;

  /** The name clients see on this member's replies and colleagues see in the workspace (issue 12). */
  @Column({ type: 'varchar', length: 100 }) displayName!: string;

  @Column({ type: 'varchar', length: 255 }) passwordHash!: string;

  @Column({ type: 'varchar', length: 16 }) role!: StaffRole;

  /** Where the firm's mail to this staff member goes (client activity notices); null: none yet. */
  @Column({ type: 'varchar', length: 320, nullable: true }) email!: string | null;

  @TimeColumn() createdAt!: Date;

  @TimeColumn({ nullable: true }) disabledAt!: Date | null;
}
