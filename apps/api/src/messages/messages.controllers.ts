import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { MessageView } from '@app/contracts';
import { ClientAccess, CurrentClient, CurrentStaff, StaffOnly } from '../auth/decorators';
import type { ClientPrincipal, StaffPrincipal } from '../auth/principal';
import { PostMessageDto } from './dto/post-message.dto';
import { MessagesService } from './messages.service';

@ApiTags('client: messages')
@ClientAccess()
@Controller('me/tasks/:taskId/messages')
export class ClientMessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiOperation({ summary: "Post a message to the firm in the task's thread." })
  @ApiCreatedResponse({ description: 'The message.' })
  @ApiNotFoundResponse({ description: 'No such task for this browser.' })
  @ApiConflictResponse({ description: 'The task was cancelled.' })
  @ApiUnprocessableEntityResponse({ description: 'The message is empty or too long.' })
  post(
    @CurrentClient() client: ClientPrincipal,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @Body() body: PostMessageDto,
  ): Promise<MessageView> {
    return this.messages.postAsClient(client, taskId, body.body);
  }
}

@ApiTags('admin: messages')
@StaffOnly()
@Controller('admin/clients/:clientId/tasks/:taskId/messages')
export class AdminMessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiOperation({
    summary:
      'Reply in the task thread; the client is e-mailed a notice that carries no link token or PIN.',
  })
  @ApiCreatedResponse({ description: 'The message; the notice is in the outbox.' })
  @ApiNotFoundResponse({ description: 'No such task for this client.' })
  @ApiConflictResponse({ description: 'The task was cancelled.' })
  @ApiUnprocessableEntityResponse({ description: 'The message is empty or too long.' })
  reply(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('taskId', new ParseUUIDPipe()) taskId: string,
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: PostMessageDto,
  ): Promise<MessageView> {
    return this.messages.replyAsStaff(clientId, taskId, staff.staffId, body.body);
  }
}
