import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TrustedDevices } from '../auth/ports';
import { ClientsModule } from '../clients/clients.module';
import { AdminDevicesController } from './admin-devices.controller';
import { ClientDeviceController } from './client-device.controller';
import { DeviceGrant } from './device-grant.entity';
import { Device } from './device.entity';
import { DevicesService } from './devices.service';

/** Devices and their grants; DevicesService is the only way in (and auth's TrustedDevices). */
@Module({
  imports: [TypeOrmModule.forFeature([Device, DeviceGrant]), ClientsModule],
  controllers: [AdminDevicesController, ClientDeviceController],
  providers: [DevicesService, { provide: TrustedDevices, useExisting: DevicesService }],
  exports: [DevicesService, TrustedDevices],
})
export class DevicesModule {}
