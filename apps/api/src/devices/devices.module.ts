import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeviceGrant } from './device-grant.entity';
import { Device } from './device.entity';
import { DevicesService } from './devices.service';

@Module({
  imports: [TypeOrmModule.forFeature([Device, DeviceGrant])],
  providers: [DevicesService],
  exports: [DevicesService],
})
export class DevicesModule {}
