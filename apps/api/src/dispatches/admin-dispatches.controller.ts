import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { DispatchView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { DispatchesService } from './dispatches.service';
import { CreateDispatchDto } from './dto/create-dispatch.dto';

@ApiTags('admin: dispatches')
@StaffOnly()
@Controller('admin/clients/:clientId/dispatches')
export class AdminDispatchesController {
  constructor(private readonly dispatches: DispatchesService) {}

  @Post()
  @ApiOperation({
    summary:
      'Send open tasks to the client: a new unique link goes out by e-mail (a PIN for a client not yet portal-enabled).',
  })
  @ApiCreatedResponse({ description: 'Dispatched; the e-mail is in the outbox.' })
  @ApiConflictResponse({ description: 'A task is not open.' })
  @ApiUnprocessableEntityResponse({
    description: 'taskIds missing, malformed or not this client’s.',
  })
  create(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Body() body: CreateDispatchDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<DispatchView> {
    return this.dispatches.dispatch(clientId, body.taskIds, staff.staffId);
  }
}
