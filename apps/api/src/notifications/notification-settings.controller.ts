import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { NotificationSettingsView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { UpdateNotificationSettingsDto } from './dto/notification-settings.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('admin: notifications')
@StaffOnly()
@Controller('admin/me/notification-settings')
export class NotificationSettingsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary:
      "The caller's own notices of client activity: immediate, batched (default) or off, the address they go to and the batching window.",
  })
  @ApiOkResponse({ description: '{ mode, email, windowMinutes }' })
  get(@CurrentStaff() staff: StaffPrincipal): Promise<NotificationSettingsView> {
    return this.notifications.settingsOf(staff.staffId);
  }

  @Put()
  @ApiOperation({ summary: "Change the caller's own notice setting (each staff user their own)." })
  @ApiOkResponse({ description: '{ mode, email, windowMinutes }' })
  @ApiUnprocessableEntityResponse({ description: 'mode is not immediate, batched or off.' })
  put(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: UpdateNotificationSettingsDto,
  ): Promise<NotificationSettingsView> {
    return this.notifications.setMode(staff.staffId, body.mode);
  }
}
