import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { LinksModule } from '../links/links.module';
import { PinModule } from '../pin/pin.module';
import { Task } from '../tasks/task.entity';
import { AdminDispatchesController } from './admin-dispatches.controller';
import { DispatchTask } from '../tasks/dispatch-task.entity';
import { Dispatch } from './dispatch.entity';
import { DispatchesService } from './dispatches.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Dispatch, DispatchTask, Task]),
    ClientsModule,
    LinksModule,
    PinModule,
  ],
  controllers: [AdminDispatchesController],
  providers: [DispatchesService],
  exports: [DispatchesService],
})
export class DispatchesModule {}
