import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { StaffModule } from '../staff/staff.module';
import { TasksModule } from '../tasks/tasks.module';
import { NotificationSettingsController } from './notification-settings.controller';
import { NotificationsJob } from './notifications.job';
import { NotificationsService } from './notifications.service';
import { StaffNotice } from './staff-notice.entity';
import { StaffNotificationSetting } from './staff-notification-setting.entity';
import { StaffNoticeRetentionModule } from './staff-notice-retention';

/** Staff notices of client activity (issue 12): owns `staff_notices` and their settings. */
@Module({
  imports: [
    TypeOrmModule.forFeature([StaffNotice, StaffNotificationSetting]),
    TasksModule,
    ClientsModule,
    StaffModule,
    // Retention of mailed notices, run by the purge (issue 12).
    StaffNoticeRetentionModule,
  ],
  controllers: [NotificationSettingsController],
  providers: [NotificationsService, NotificationsJob],
  exports: [NotificationsService, NotificationsJob],
})
export class NotificationsModule {}
