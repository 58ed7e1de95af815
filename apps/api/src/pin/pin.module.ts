import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/sessions.module';
import { TasksModule } from '../tasks/tasks.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { PinCode } from './pin-code.entity';
import { PinController } from './pin.controller';
import { PinService } from './pin.service';

/** Legacy PINs: PinService owns `pin_codes` and the PIN page's sign-in. */
@Module({
  imports: [TypeOrmModule.forFeature([PinCode]), TasksModule, SessionsModule, ThrottleModule],
  controllers: [PinController],
  providers: [PinService],
  exports: [PinService],
})
export class PinModule {}
