import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AdminTaskView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { RequestChangesDto } from '../tasks/dto/request-changes.dto';
import { RequestChangesService } from '../tasks/request-changes.service';
import { TaskDetailsService } from './task-details.service';

@ApiTags('admin: tasks')
@StaffOnly()
@Controller('admin/clients/:clientId/tasks/:taskId/requests/:requestId')
export class AdminRequestChangesController {
  constructor(
    private readonly changes: RequestChangesService,
    private readonly details: TaskDetailsService,
  ) {}

  @Post('request-changes')
  @ApiOperation({
    summary:
      'Send an answered request back with a note: it reopens (the answer is kept in the history), a completed task is open again, and the client gets a notice by e-mail without a sign-in link.',
  })
  @ApiCreatedResponse({ description: 'The task as it now stands, with the history.' })
  @ApiNotFoundResponse({ description: 'No such client, task or request.' })
  @ApiConflictResponse({
    description: 'request_not_answered (still open), or task_not_open (cancelled).',
  })
  @ApiUnprocessableEntityResponse({ description: 'note missing or not valid.' })
  async requestChanges(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @Body() body: RequestChangesDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<AdminTaskView> {
    await this.changes.requestChanges(clientId, taskId, requestId, body.note, staff.staffId);
    return this.details.forStaff(clientId, taskId);
  }
}
