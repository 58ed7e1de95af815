import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientLogins } from '../auth/ports';
import { ClientsModule } from '../clients/clients.module';
import { DevicesModule } from '../devices/devices.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { ClientAccount } from './client-account.entity';
import { ClientLocalStrategy } from './client-local.strategy';

/** Client logins; AccountsService is also auth's ClientLogins. */
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([ClientAccount]),
    ClientsModule,
    DevicesModule,
    SessionsModule,
    ThrottleModule,
  ],
  controllers: [AccountsController],
  providers: [
    AccountsService,
    ClientLocalStrategy,
    { provide: ClientLogins, useExisting: AccountsService },
  ],
  exports: [ClientLogins, AccountsService],
})
export class AccountsModule {}
