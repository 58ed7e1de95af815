import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { RemoveTaskTemplateResponse, TaskTemplateView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { CreateTaskTemplateDto, UpdateTaskTemplateDto } from './dto/task-template.dto';
import { TemplatesService, toTemplateView } from './templates.service';

/** The task template library: staff and admins alike keep it. */
@ApiTags('admin: task templates')
@StaffOnly()
@Controller('admin/task-templates')
export class AdminTemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @ApiOperation({
    summary: 'Add a task template (title, description, requests, due in days, statutory).',
  })
  @ApiCreatedResponse({ description: 'The template.' })
  @ApiConflictResponse({ description: 'template_name_taken' })
  @ApiUnprocessableEntityResponse({ description: 'A field is missing or not valid.' })
  async create(
    @Body() body: CreateTaskTemplateDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<TaskTemplateView> {
    return toTemplateView(await this.templates.create(body, staff.staffId));
  }

  @Get()
  @ApiOperation({ summary: 'The template library by name; archived ones only when asked.' })
  @ApiQuery({ name: 'archived', required: false, enum: ['include'] })
  async list(@Query('archived') archived?: unknown): Promise<TaskTemplateView[]> {
    return (await this.templates.list(archived === 'include')).map(toTemplateView);
  }

  @Get(':templateId')
  @ApiOperation({ summary: 'One template.' })
  @ApiNotFoundResponse({ description: 'template_not_found' })
  async get(
    @Param('templateId', new ParseUUIDPipe()) templateId: string,
  ): Promise<TaskTemplateView> {
    return toTemplateView(await this.templates.get(templateId));
  }

  @Patch(':templateId')
  @ApiOperation({ summary: 'Change a template; tasks already composed from it keep their text.' })
  @ApiOkResponse({ description: 'The template as it now stands.' })
  @ApiNotFoundResponse({ description: 'template_not_found' })
  @ApiConflictResponse({ description: 'template_name_taken, or template_archived.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is not valid.' })
  async update(
    @Param('templateId', new ParseUUIDPipe()) templateId: string,
    @Body() body: UpdateTaskTemplateDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<TaskTemplateView> {
    return toTemplateView(await this.templates.update(templateId, body, staff.staffId));
  }

  @Delete(':templateId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove a template: deleted if never used, otherwise archived (kept, not offered).',
  })
  @ApiOkResponse({ description: '{ outcome: "deleted" | "archived" }' })
  @ApiNotFoundResponse({ description: 'template_not_found' })
  remove(
    @Param('templateId', new ParseUUIDPipe()) templateId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<RemoveTaskTemplateResponse> {
    return this.templates.remove(templateId, staff.staffId);
  }
}
