import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AdminTaskView, TaskDetail, TaskSummary } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ClientsService } from '../clients/clients.service';
import { CreateTaskDto } from '../tasks/dto/create-task.dto';
import { UpdateTaskDto } from '../tasks/dto/update-task.dto';
import { TasksService } from '../tasks/tasks.service';
import { TaskDetailsService } from './task-details.service';

@ApiTags('admin: tasks')
@StaffOnly()
@Controller('admin/clients/:clientId/tasks')
export class AdminTasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly details: TaskDetailsService,
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
  @ApiOperation({
    summary: 'One task with its requests, the answers given, documents and the message thread.',
  })
  @ApiNotFoundResponse({ description: 'No such task for this client.' })
  get(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
  ): Promise<AdminTaskView> {
    return this.details.forStaff(clientId, taskId);
  }

  @Patch(':taskId')
  @ApiOperation({
    summary: 'Edit an open task: title, description, due date; append requests.',
  })
  @ApiOkResponse({ description: 'The task as it now stands.' })
  @ApiConflictResponse({ description: 'The task is completed or cancelled.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is not valid.' })
  async update(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Body() body: UpdateTaskDto,
  ): Promise<AdminTaskView> {
    await this.tasks.update(clientId, taskId, body);
    return this.details.forStaff(clientId, taskId);
  }

  @Post(':taskId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an open task; the client sees it as cancelled.' })
  @ApiConflictResponse({ description: 'The task is not open.' })
  async cancel(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<AdminTaskView> {
    await this.tasks.end(clientId, taskId, 'cancel', staff.staffId);
    return this.details.forStaff(clientId, taskId);
  }

  @Post(':taskId/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close an open task as completed, even with requests still open.',
  })
  @ApiConflictResponse({ description: 'The task is not open.' })
  async close(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<AdminTaskView> {
    await this.tasks.end(clientId, taskId, 'close', staff.staffId);
    return this.details.forStaff(clientId, taskId);
  }
}
