import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntegrationTokenDirectory, StaffDirectory } from '../auth/ports';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { AdminIntegrationTokensController } from './admin-integration-tokens.controller';
import { AdminStaffController } from './admin-staff.controller';
import { IntegrationToken } from './integration-token.entity';
import { IntegrationTokensService } from './integration-tokens.service';
import { StaffLocalStrategy } from './local.strategy';
import { StaffAuthController } from './staff-auth.controller';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

/**
 * Staff members, their sign-in (bearer and workspace cookie) and integration tokens; StaffService
 * is auth's StaffDirectory, IntegrationTokensService its IntegrationTokenDirectory.
 */
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([Staff, IntegrationToken]),
    SessionsModule,
    ThrottleModule,
  ],
  controllers: [StaffAuthController, AdminStaffController, AdminIntegrationTokensController],
  providers: [
    StaffService,
    StaffLocalStrategy,
    IntegrationTokensService,
    { provide: StaffDirectory, useExisting: StaffService },
    { provide: IntegrationTokenDirectory, useExisting: IntegrationTokensService },
  ],
  exports: [StaffService, StaffDirectory, IntegrationTokenDirectory],
})
export class StaffModule {}
