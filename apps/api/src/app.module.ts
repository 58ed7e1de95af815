import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { ClientsModule } from './clients/clients.module';
import { AuthModule } from './auth/auth.module';
import { BrandingModule } from './branding/branding.module';
import { CommonModule } from './common/common.module';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { DevicesModule } from './devices/devices.module';
import { DispatchesModule } from './dispatches/dispatches.module';
import { DocumentsModule } from './documents/documents.module';
import { ENTITIES } from './entities';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InboxModule } from './inbox/inbox.module';
import { LegacyModule } from './legacy/legacy.module';
import { LinksModule } from './links/links.module';
import { MailModule } from './mail/mail.module';
import { MessagesModule } from './messages/messages.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PinModule } from './pin/pin.module';
import { RemindersModule } from './reminders/reminders.module';
import { SessionsModule } from './sessions/sessions.module';
import { StaffModule } from './staff/staff.module';
import { StorageModule } from './storage/storage.module';
import { TaskDetailsModule } from './task-details/task-details.module';
import { TasksModule } from './tasks/tasks.module';
import { TemplatesModule } from './templates/templates.module';
import { TestClockController } from './testing/test-clock.controller';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule.forRoot(ENTITIES),
        ScheduleModule.forRoot(),
        AuditModule,
        MailModule,
        EventsModule,
        StaffModule,
        ClientsModule,
        TasksModule,
        StorageModule,
        DocumentsModule,
        MessagesModule,
        TaskDetailsModule,
        // Issue 12: the staff workspace's inbox and client list.
        InboxModule,
        DevicesModule,
        LinksModule,
        DispatchesModule,
        // Issue 12: the task template library, and Idempotency-Key on admin POSTs (a global
        // interceptor).
        TemplatesModule,
        IdempotencyModule,
        SessionsModule,
        AccountsModule,
        PinModule,
        LegacyModule,
        RemindersModule,
        NotificationsModule,
        WebhooksModule,
        // Deny by default: the global guard. Its ports (auth/ports.ts) are implemented by staff
        // (StaffDirectory), devices (TrustedDevices), accounts (ClientLogins) and dispatches
        // (PinDispatches).
        AuthModule.forRoot({
          imports: [StaffModule, DevicesModule, AccountsModule, DispatchesModule],
        }),
        HealthModule,
        // Issue 13: the firm's branding for the portal shell (public).
        BrandingModule,
        DemoModule,
      ],
      controllers: config.testClock ? [TestClockController] : [],
    };
  }
}
