import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinDispatches } from '../auth/ports';
import { ClientsModule } from '../clients/clients.module';
import { LinksModule } from '../links/links.module';
import { PinModule } from '../pin/pin.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminDispatchesController } from './admin-dispatches.controller';
import { Dispatch } from './dispatch.entity';
import { DispatchesService } from './dispatches.service';

/** The sending use case, above links/ and pin/; DispatchesService owns `dispatches`. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Dispatch]),
    ClientsModule,
    TasksModule,
    LinksModule,
    PinModule,
  ],
  controllers: [AdminDispatchesController],
  providers: [DispatchesService, { provide: PinDispatches, useExisting: DispatchesService }],
  exports: [DispatchesService, PinDispatches],
})
export class DispatchesModule {}
