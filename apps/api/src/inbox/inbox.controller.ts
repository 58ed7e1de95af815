import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AdminClientSessionView, ClientSummary, InboxPage, Page } from '@app/contracts';
import { ClientSessions } from '../auth/client-sessions';
import { AccountsService } from '../accounts/accounts.service';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import { Caller, type CallerContext } from '../auth/request-context';
import type { StaffPrincipal } from '../auth/principal';
import { ClientsService } from '../clients/clients.service';
import { ClientSummaryQueryDto, InboxQueryDto } from './dto/inbox-query.dto';
import { InboxService } from './inbox.service';

@ApiTags('admin: workspace')
@StaffOnly()
@Controller('admin')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly clients: ClientsService,
    private readonly clientSessions: ClientSessions,
    private readonly accounts: AccountsService,
  ) {}

  @Get('inbox')
  @ApiOperation({
    summary:
      'The inbox across clients: sent tasks waiting on the client (not opened, in progress), overdue, needing the firm (new answers, documents, messages, declined confirmations), read/unread for me; counts, filters, search, sorted by due date.',
  })
  @ApiOkResponse({ description: 'A page of tasks and the counts of every view.' })
  @ApiUnprocessableEntityResponse({ description: 'A filter is not valid.' })
  list(@Query() query: InboxQueryDto, @CurrentStaff() staff: StaffPrincipal): Promise<InboxPage> {
    return this.inbox.inbox(staff.staffId, query);
  }

  @Put('inbox/tasks/:taskId/read')
  @ApiOperation({ summary: 'Mark a task read for me (opening it in the workspace does this).' })
  @ApiOkResponse({ description: 'When I saw it.' })
  @ApiNotFoundResponse({ description: 'task_not_found' })
  markRead(
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<{ seenAt: string }> {
    return this.inbox.markRead(staff.staffId, taskId);
  }

  @Delete('inbox/tasks/:taskId/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark a task unread for me again.' })
  @ApiNoContentResponse({ description: 'Unread.' })
  @ApiNotFoundResponse({ description: 'task_not_found' })
  async markUnread(
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<void> {
    await this.inbox.markUnread(staff.staffId, taskId);
  }

  @Get('client-summaries')
  @ApiOperation({
    summary:
      'Clients by name with open tasks, tasks needing the firm and the latest activity; search by name or order email.',
  })
  @ApiOkResponse({ description: 'A page of clients.' })
  summaries(
    @Query() query: ClientSummaryQueryDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<Page<ClientSummary>> {
    return this.inbox.clients(staff.staffId, query);
  }

  @Get('clients/:clientId/sessions')
  @ApiOperation({ summary: "A client's live login and PIN sessions, newest first." })
  @ApiNotFoundResponse({ description: 'No client with this id.' })
  async clientSessionList(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
  ): Promise<AdminClientSessionView[]> {
    await this.clients.get(clientId);
    const sessions = await this.clientSessions.listForClient(clientId);
    return sessions.map((s) => ({
      id: s.id,
      kind: s.subjectType === 'client' ? 'login' : 'pin',
      label: s.label,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
    }));
  }

  @Post('clients/:clientId/sessions/:sessionId/revoke')
  @HttpCode(204)
  @ApiOperation({ summary: "End one of a client's login or PIN sessions at once." })
  @ApiNoContentResponse({ description: 'Ended (or already ended).' })
  @ApiNotFoundResponse({ description: 'session_not_found: not a live session of this client.' })
  async revokeClientSession(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @CurrentStaff() staff: StaffPrincipal,
    @Caller() caller: CallerContext,
  ): Promise<void> {
    await this.accounts.revokeSessionByStaff(clientId, sessionId, staff.staffId, caller.ip);
  }
}
