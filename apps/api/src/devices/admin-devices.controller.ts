import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminDeviceView } from '@app/contracts';
import { ClientsService } from '../clients/clients.service';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { DevicesService } from './devices.service';

@ApiTags('admin: devices and links')
@StaffOnly()
@Controller('admin/clients/:clientId/devices')
export class AdminDevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly clients: ClientsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "Devices trusted with the client's tasks, and what each may open now." })
  async list(@Param('clientId', new ParseUUIDPipe()) clientId: string): Promise<AdminDeviceView[]> {
    await this.clients.get(clientId);
    return this.devices.listForStaff(clientId);
  }

  @Post(':deviceId/revoke')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a device: its next request for the client's tasks is refused." })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFoundResponse({ description: 'No such device for this client.' })
  revoke(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('deviceId', new ParseUUIDPipe()) deviceId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<void> {
    return this.devices.revokeByStaff(clientId, deviceId, staff.staffId);
  }
}
