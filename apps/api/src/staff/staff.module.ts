import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminStaffController } from './admin-staff.controller';
import { Session } from './session.entity';
import { StaffLocalStrategy } from './local.strategy';
import { StaffAuthController } from './staff-auth.controller';
import { StaffSessionsService } from './staff-sessions.service';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';
import { ThrottleModule } from '../throttle/throttle.module';

@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([Staff, Session]), ThrottleModule],
  controllers: [StaffAuthController, AdminStaffController],
  providers: [StaffService, StaffSessionsService, StaffLocalStrategy],
  exports: [StaffService, StaffSessionsService],
})
export class StaffModule {}
