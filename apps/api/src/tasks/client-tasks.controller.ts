import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TaskDetail, TaskListResponse } from '@app/contracts';
import { ClientAccess, CurrentClient } from '../common/auth/decorators';
import type { ClientPrincipal } from '../common/auth/principal';
import { TasksService } from './tasks.service';

@ApiTags('client: tasks')
@ClientAccess()
@Controller('me/tasks')
export class ClientTasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({
    summary: 'Up to 100 open and the last 100 completed tasks this browser may open.',
  })
  list(@CurrentClient() client: ClientPrincipal): Promise<TaskListResponse> {
    return this.tasks.dashboard(client.scope);
  }

  @Get(':taskId')
  @ApiOperation({ summary: 'One task with its requests.' })
  get(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
  ): Promise<TaskDetail> {
    return this.tasks.detail(client.scope, taskId);
  }
}
