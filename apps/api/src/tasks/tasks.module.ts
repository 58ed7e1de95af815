import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { AdminTasksController } from './admin-tasks.controller';
import { ClientTasksController } from './client-tasks.controller';
import { TaskRequest } from './task-request.entity';
import { Task } from './task.entity';
import { TasksService } from './tasks.service';

@Module({
  imports: [TypeOrmModule.forFeature([Task, TaskRequest]), ClientsModule],
  controllers: [AdminTasksController, ClientTasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
