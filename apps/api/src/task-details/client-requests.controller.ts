import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { TaskDetail } from '@app/contracts';
import { ClientAccess, CurrentClient } from '../auth/decorators';
import type { ClientPrincipal } from '../auth/principal';
import { DocumentsService } from '../documents/documents.service';
import { AnswersService } from '../tasks/answers.service';
import { SaveDraftDto, SubmitRequestDto } from '../tasks/dto/answer.dto';
import { TaskDetailsService } from './task-details.service';

@ApiTags('client: tasks')
@ClientAccess()
@ApiNotFoundResponse({ description: 'No such task or request for this browser.' })
@Controller('me/tasks/:taskId/requests/:requestId')
export class ClientRequestsController {
  constructor(
    private readonly answers: AnswersService,
    private readonly documents: DocumentsService,
    private readonly details: TaskDetailsService,
  ) {}

  @Put('draft')
  @ApiOperation({ summary: "Save a question's answer as a draft (the request stays open)." })
  @ApiOkResponse({ description: 'The task as it now stands.' })
  @ApiConflictResponse({
    description: 'The request is done, the task is not open, or not a question.',
  })
  async saveDraft(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @Body() body: SaveDraftDto,
  ): Promise<TaskDetail> {
    await this.answers.saveDraft(client, taskId, requestId, body.text);
    return this.details.forClient(client.scope, taskId);
  }

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Complete a request: a question with its answer, a confirmation approved or declined with a reason, a document request once its files are uploaded.',
  })
  @ApiOkResponse({
    description: 'The task as it now stands (completed when this was the last request).',
  })
  @ApiConflictResponse({ description: 'The request is already done, or the task is not open.' })
  @ApiUnprocessableEntityResponse({
    description: 'The answer, decision, reason or files are missing.',
  })
  async submit(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @Body() body: SubmitRequestDto,
  ): Promise<TaskDetail> {
    await this.answers.submit(client, taskId, requestId, body, (manager, id) =>
      this.documents.countForRequest(manager, id),
    );
    return this.details.forClient(client.scope, taskId);
  }
}
