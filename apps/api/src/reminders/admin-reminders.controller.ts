import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClientRemindersResponse, TaskRemindersResponse } from '@app/contracts';
import { StaffOnly } from '../auth/decorators';
import { RemindersService } from './reminders.service';

@ApiTags('admin: reminders')
@StaffOnly()
@Controller('admin/clients/:clientId')
export class AdminRemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('reminders')
  @ApiOperation({
    summary:
      "A client's reminders (sent or skipped by a stop rule) and digest days, newest first (200 of each at most).",
  })
  @ApiOkResponse({ description: '{ reminders, digests }' })
  @ApiNotFoundResponse({ description: 'No such client.' })
  forClient(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
  ): Promise<ClientRemindersResponse> {
    return this.reminders.forClient(clientId);
  }

  @Get('tasks/:taskId/reminders')
  @ApiOperation({
    summary:
      "A task's reminder settings, the schedule that applies (firm default, override, statutory) and its reminders, newest first.",
  })
  @ApiOkResponse({ description: '{ taskId, statutory, settings, schedule, reminders }' })
  @ApiNotFoundResponse({ description: 'No such task for this client.' })
  forTask(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
  ): Promise<TaskRemindersResponse> {
    return this.reminders.forTask(clientId, taskId);
  }
}
