import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { DocumentsModule } from '../documents/documents.module';
import { MessagesModule } from '../messages/messages.module';
import { StaffModule } from '../staff/staff.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminRequestChangesController } from './admin-request-changes.controller';
import { AdminTasksController } from './admin-tasks.controller';
import { ClientRequestsController } from './client-requests.controller';
import { ClientTasksController } from './client-tasks.controller';
import { TaskDetailsService } from './task-details.service';

/**
 * The task routes. Their answers show a task with its documents and messages, so they sit above
 * tasks/, documents/ and messages/ and compose the three (tasks/ imports neither of the others).
 */
@Module({
  imports: [TasksModule, DocumentsModule, MessagesModule, ClientsModule, StaffModule],
  controllers: [
    AdminTasksController,
    AdminRequestChangesController,
    ClientTasksController,
    ClientRequestsController,
  ],
  providers: [TaskDetailsService],
})
export class TaskDetailsModule {}
