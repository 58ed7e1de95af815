import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { TaskDetail, TaskSummary } from '@app/contracts';
import { StaffOnly } from '../common/auth/decorators';
import { ClientsService } from '../clients/clients.service';
import { CreateTaskDto } from './dto/create-task.dto';
import { TasksService } from './tasks.service';

@ApiTags('admin: tasks')
@StaffOnly()
@Controller('admin/clients/:clientId/tasks')
export class AdminTasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly clients: ClientsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a task with its requests for a client (it is sent by a dispatch).',
  })
  @ApiCreatedResponse({ description: 'The task.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is missing or not valid.' })
  async create(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Body() body: CreateTaskDto,
  ): Promise<TaskDetail> {
    await this.clients.get(clientId);
    return this.tasks.create(clientId, body);
  }

  @Get()
  @ApiOperation({ summary: "A client's tasks, newest first." })
  async list(@Param('clientId', new ParseUUIDPipe()) clientId: string): Promise<TaskSummary[]> {
    await this.clients.get(clientId);
    return this.tasks.listForClient(clientId);
  }

  @Get(':taskId')
  @ApiOperation({ summary: 'One task with its requests.' })
  get(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
  ): Promise<TaskDetail> {
    return this.tasks.getForClient(clientId, taskId);
  }
}
