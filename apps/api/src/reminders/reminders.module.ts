import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { DocumentsModule } from '../documents/documents.module';
import { LinksModule } from '../links/links.module';
import { MessagesModule } from '../messages/messages.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminRemindersController } from './admin-reminders.controller';
import { ReminderDigest } from './reminder-digest.entity';
import { ReminderJob } from './reminder.job';
import { Reminder } from './reminder.entity';
import { RemindersService } from './reminders.service';

/** Due-date reminders and the daily digest (issue 13): owns `reminders` and `reminder_digests`. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Reminder, ReminderDigest]),
    TasksModule,
    ClientsModule,
    LinksModule,
    DocumentsModule,
    MessagesModule,
  ],
  controllers: [AdminRemindersController],
  providers: [RemindersService, ReminderJob],
  exports: [RemindersService, ReminderJob],
})
export class RemindersModule {}
