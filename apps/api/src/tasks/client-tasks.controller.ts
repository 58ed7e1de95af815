import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TaskDetail, TaskListResponse } from '@app/contracts';
import { ClientAccess, CurrentDevice } from '../common/auth/decorators';
import type { DevicePrincipal } from '../common/auth/principal';
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
  list(@CurrentDevice() device: DevicePrincipal): Promise<TaskListResponse> {
    return this.tasks.dashboard({ dispatchIds: device.dispatchIds });
  }

  @Get(':taskId')
  @ApiOperation({ summary: 'One task with its requests.' })
  get(
    @CurrentDevice() device: DevicePrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
  ): Promise<TaskDetail> {
    return this.tasks.detail({ dispatchIds: device.dispatchIds }, taskId);
  }
}
