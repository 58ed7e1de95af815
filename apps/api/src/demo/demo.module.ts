import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from '../clients/client.entity';
import { ClientsModule } from '../clients/clients.module';
import { DispatchesModule } from '../dispatches/dispatches.module';
import { Task } from '../tasks/task.entity';
import { TasksModule } from '../tasks/tasks.module';
import { DemoService } from './demo.service';

@Module({
  imports: [TypeOrmModule.forFeature([Client, Task]), ClientsModule, TasksModule, DispatchesModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
