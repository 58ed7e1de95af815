import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from '../clients/client.entity';
import { DeviceGrant } from '../devices/device-grant.entity';
import { Device } from '../devices/device.entity';
import { DevicesModule } from '../devices/devices.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { ClientAccount } from './client-account.entity';
import { ClientLocalStrategy } from './client-local.strategy';

@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([ClientAccount, Client, Device, DeviceGrant]),
    DevicesModule,
    SessionsModule,
    ThrottleModule,
  ],
  controllers: [AccountsController],
  providers: [AccountsService, ClientLocalStrategy],
})
export class AccountsModule {}
