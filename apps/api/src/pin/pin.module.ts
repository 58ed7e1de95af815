import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { SessionsModule } from '../sessions/sessions.module';
import { Task } from '../tasks/task.entity';
import { ThrottleModule } from '../throttle/throttle.module';
import { AdminLegacyController } from './admin-legacy.controller';
import { PinCode } from './pin-code.entity';
import { PinController } from './pin.controller';
import { PinService } from './pin.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PinCode, Task]),
    ClientsModule,
    SessionsModule,
    ThrottleModule,
  ],
  controllers: [PinController, AdminLegacyController],
  providers: [PinService],
  exports: [PinService],
})
export class PinModule {}
