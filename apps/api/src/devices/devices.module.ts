import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { AdminDevicesController } from './admin-devices.controller';
import { AdminDevicesService } from './admin-devices.service';
import { DeviceGrant } from './device-grant.entity';
import { Device } from './device.entity';
import { DevicesService } from './devices.service';

@Module({
  imports: [TypeOrmModule.forFeature([Device, DeviceGrant]), ClientsModule],
  controllers: [AdminDevicesController],
  providers: [DevicesService, AdminDevicesService],
  exports: [DevicesService, AdminDevicesService],
})
export class DevicesModule {}
