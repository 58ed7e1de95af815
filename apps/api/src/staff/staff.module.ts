import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffDirectory } from '../auth/ports';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { AdminStaffController } from './admin-staff.controller';
import { StaffLocalStrategy } from './local.strategy';
import { StaffAuthController } from './staff-auth.controller';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

/** Staff members and their sign-in; StaffService is also auth's StaffDirectory. */
@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([Staff]), SessionsModule, ThrottleModule],
  controllers: [StaffAuthController, AdminStaffController],
  providers: [
    StaffService,
    StaffLocalStrategy,
    { provide: StaffDirectory, useExisting: StaffService },
  ],
  exports: [StaffService, StaffDirectory],
})
export class StaffModule {}
