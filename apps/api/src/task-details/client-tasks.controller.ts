import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TaskDetail, TaskListResponse, TaskSearchResponse } from '@app/contracts';
import { ClientAccess, CurrentClient } from '../auth/decorators';
import type { ClientPrincipal } from '../auth/principal';
import { SearchTasksDto } from '../tasks/dto/search-tasks.dto';
import { TasksService } from '../tasks/tasks.service';
import { TaskDetailsService } from './task-details.service';

@ApiTags('client: tasks')
@ClientAccess()
@Controller('me/tasks')
export class ClientTasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly details: TaskDetailsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Up to 100 open and the last 100 completed tasks this browser may open, with totals.',
  })
  list(@CurrentClient() client: ClientPrincipal): Promise<TaskListResponse> {
    return this.tasks.dashboard(client.scope);
  }

  @Get('search')
  @ApiOperation({
    summary:
      'Every task this browser may open, by status and text, a page at a time (the rest beyond the dashboard).',
  })
  search(
    @CurrentClient() client: ClientPrincipal,
    @Query() query: SearchTasksDto,
  ): Promise<TaskSearchResponse> {
    return this.tasks.search(client.scope, query);
  }

  @Get(':taskId')
  @ApiOperation({
    summary: 'One task with its requests, answers, documents and messages.',
  })
  @ApiNotFoundResponse({ description: 'No such task for this browser.' })
  get(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
  ): Promise<TaskDetail> {
    return this.details.forClient(client.scope, taskId);
  }
}
