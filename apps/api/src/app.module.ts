import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { ClientsModule } from './clients/clients.module';
import { AccessGuard } from './common/auth/access.guard';
import { ClientAuthenticator } from './common/auth/client-authenticator';
import { CommonModule } from './common/common.module';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { DevicesModule } from './devices/devices.module';
import { DispatchesModule } from './dispatches/dispatches.module';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { LinksModule } from './links/links.module';
import { MailModule } from './mail/mail.module';
import { MessagesModule } from './messages/messages.module';
import { PinModule } from './pin/pin.module';
import { SessionsModule } from './sessions/sessions.module';
import { StaffModule } from './staff/staff.module';
import { StorageModule } from './storage/storage.module';
import { TasksModule } from './tasks/tasks.module';
import { TestClockController } from './testing/test-clock.controller';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        ScheduleModule.forRoot(),
        AuditModule,
        MailModule,
        StaffModule,
        ClientsModule,
        TasksModule,
        StorageModule,
        DocumentsModule,
        MessagesModule,
        DevicesModule,
        LinksModule,
        DispatchesModule,
        SessionsModule,
        AccountsModule,
        PinModule,
        HealthModule,
        DemoModule,
      ],
      controllers: config.testClock ? [TestClockController] : [],
      // Deny by default: every route passes this guard; only @Public() ones skip the checks.
      providers: [ClientAuthenticator, { provide: APP_GUARD, useClass: AccessGuard }],
    };
  }
}
