import { Column, Entity } from 'typeorm';
import type { StaffNotifyMode } from '@app/contracts';
import { RefColumn, TimeColumn } from '../database/columns';

/** A staff user's choice for notices of client activity; no row: batched (issue 12). */
@Entity('staff_notification_settings')
export class StaffNotificationSetting {
  @RefColumn({ primary: true }) staffId!: string;

  @Column({ type: 'varchar', length: 16 }) mode!: StaffNotifyMode;

  @TimeColumn() updatedAt!: Date;
}
