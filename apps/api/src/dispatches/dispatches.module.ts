import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinDispatches } from '../auth/ports';
import { ClientsModule } from '../clients/clients.module';
import { LinksModule } from '../links/links.module';
import { PinModule } from '../pin/pin.module';
import { StaffModule } from '../staff/staff.module';
import { TasksModule } from '../tasks/tasks.module';
import { TemplatesModule } from '../templates/templates.module';
import { AdminComposeController } from './admin-compose.controller';
import { AdminDispatchesController } from './admin-dispatches.controller';
import { ComposeService } from './compose.service';
import { Dispatch } from './dispatch.entity';
import { DispatchesService } from './dispatches.service';

/**
 * The sending use case, above links/ and pin/; DispatchesService owns `dispatches`. Compose and
 * send in one step and bulk dispatch (issue 12) build on it (ComposeService).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Dispatch]),
    ClientsModule,
    TasksModule,
    LinksModule,
    PinModule,
    StaffModule,
    TemplatesModule,
  ],
  controllers: [AdminDispatchesController, AdminComposeController],
  providers: [
    DispatchesService,
    ComposeService,
    { provide: PinDispatches, useExisting: DispatchesService },
  ],
  exports: [DispatchesService, PinDispatches],
})
export class DispatchesModule {}
