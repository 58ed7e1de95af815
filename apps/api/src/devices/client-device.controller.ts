import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeviceStatusResponse } from '@app/contracts';
import { Public } from '../auth/decorators';
import { Caller, type CallerContext } from '../auth/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DevicesService } from './devices.service';

/**
 * What a browser's own device cookie may learn about itself once it opens no tasks (issue 13):
 * whether, and when, its tasks were moved to another device. Public because such a browser has
 * no access any more; it answers only from the cookie, so no other browser learns anything.
 */
@ApiTags('client: links')
@Public()
@Controller('device')
export class ClientDeviceController {
  constructor(
    private readonly devices: DevicesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('status')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "This browser's device, when it opens no tasks: when its tasks were moved to another device (movedAt), or null. Changes nothing.",
  })
  @ApiOkResponse({ description: '{ movedAt: ISO time or null, timeZone: the firm zone }.' })
  async status(@Caller() caller: CallerContext): Promise<DeviceStatusResponse> {
    const movedAt = await this.devices.movedStatus(caller.deviceSecret);
    return { movedAt: movedAt?.toISOString() ?? null, timeZone: this.config.firm.timeZone };
  }
}
