import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { AnswersService } from './answers.service';
import { DispatchTask } from './dispatch-task.entity';
import { RequestAnswer } from './request-answer.entity';
import { RequestChange } from './request-change.entity';
import { RequestChangesService } from './request-changes.service';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

/**
 * Tasks, their requests, the answers given and which dispatch carried which task: one owner for
 * those four tables. The routes that show a task with its documents and messages are in
 * task-details/, above documents/ and messages/.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Task, TaskRequest, RequestAnswer, DispatchTask, RequestChange]),
    ClientsModule,
  ],
  providers: [TasksService, AnswersService, RequestChangesService],
  exports: [TasksService, AnswersService, RequestChangesService],
})
export class TasksModule {}
