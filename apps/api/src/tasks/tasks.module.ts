import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { TaskDocument } from '../documents/task-document.entity';
import { TaskMessage } from '../messages/task-message.entity';
import { AdminTasksController } from './admin-tasks.controller';
import { AnswersService } from './answers.service';
import { ClientRequestsController } from './client-requests.controller';
import { ClientTasksController } from './client-tasks.controller';
import { RequestAnswer } from './request-answer.entity';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Task, TaskRequest, RequestAnswer, TaskDocument, TaskMessage]),
    ClientsModule,
  ],
  controllers: [AdminTasksController, ClientTasksController, ClientRequestsController],
  providers: [TasksService, AnswersService],
  exports: [TasksService],
})
export class TasksModule {}
