import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { DispatchesModule } from '../dispatches/dispatches.module';
import { TasksModule } from '../tasks/tasks.module';
import { TemplatesModule } from '../templates/templates.module';
import { DemoService } from './demo.service';

@Module({
  imports: [ClientsModule, TasksModule, DispatchesModule, TemplatesModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
