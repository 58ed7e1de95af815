import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnswersService } from './answers.service';
import { DispatchTask } from './dispatch-task.entity';
import { RequestAnswer } from './request-answer.entity';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

/**
 * Tasks, their requests, the answers given and which dispatch carried which task: one owner for
 * those four tables. The routes that show a task with its documents and messages are in
 * task-details/, above documents/ and messages/.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskRequest, RequestAnswer, DispatchTask])],
  providers: [TasksService, AnswersService],
  exports: [TasksService, AnswersService],
})
export class TasksModule {}
