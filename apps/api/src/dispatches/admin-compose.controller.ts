import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { BulkDispatchResponse, ComposeTaskResponse } from '@app/contracts';
import { BULK_MAX_ROWS } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ComposeService } from './compose.service';
import { BulkDispatchDto, ComposeTaskDto } from './dto/compose.dto';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A retry with the same key and body returns the first answer and sends nothing again (kept 24 h).',
};

@ApiTags('admin: compose and send')
@StaffOnly()
@Controller('admin')
export class AdminComposeController {
  constructor(private readonly compose: ComposeService) {}

  @Post('clients/:clientId/compose')
  @ApiOperation({
    summary:
      'Create a task (from a template with overrides, or from scratch) with a due date and an owner, and send it, in one step.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ description: 'The task, the dispatch and the e-mail that went out.' })
  @ApiNotFoundResponse({ description: 'No such client, or template_not_found.' })
  @ApiConflictResponse({ description: 'template_archived.' })
  @ApiUnprocessableEntityResponse({
    description: 'A field is not valid; without a template, title and requests are needed.',
  })
  create(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Body() body: ComposeTaskDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ComposeTaskResponse> {
    return this.compose.compose(clientId, body, staff.staffId);
  }

  @Post('bulk-dispatches')
  @ApiOperation({
    summary: `Send one template to many clients (client ids, or a CSV of email[,name] rows that finds or creates clients; at most ${BULK_MAX_ROWS}). Each client in its own transaction; per-client results.`,
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ description: 'Per-client results: sent, skipped or failed with a reason.' })
  @ApiNotFoundResponse({ description: 'template_not_found.' })
  @ApiConflictResponse({ description: 'template_archived.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is not valid, or too many rows.' })
  bulk(
    @Body() body: BulkDispatchDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<BulkDispatchResponse> {
    return this.compose.bulk(body, staff.staffId);
  }
}
