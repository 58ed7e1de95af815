import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { DispatchesModule } from '../dispatches/dispatches.module';
import { PinModule } from '../pin/pin.module';
import { TasksModule } from '../tasks/tasks.module';
import { AdminLegacyController } from './admin-legacy.controller';
import { LegacyService } from './legacy.service';

/** The legacy-task import, above dispatches/: tasks, PIN dispatches and PINs in one go. */
@Module({
  imports: [ClientsModule, TasksModule, DispatchesModule, PinModule],
  controllers: [AdminLegacyController],
  providers: [LegacyService],
})
export class LegacyModule {}
