import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { ImportLegacyTasksResponse } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ImportLegacyTasksDto } from './dto/import-legacy-tasks.dto';
import { LegacyService } from './legacy.service';

@ApiTags('admin: legacy tasks')
@StaffOnly('admin')
@Controller('admin/clients/:clientId/legacy-tasks')
export class AdminLegacyController {
  constructor(private readonly legacy: LegacyService) {}

  @Post()
  @ApiOperation({
    summary: 'Import tasks sent before the portal, with the PINs their client already has.',
  })
  @ApiCreatedResponse({ description: 'Imported; each task opens with its reference and PIN.' })
  @ApiConflictResponse({ description: 'A reference already exists; nothing was imported.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is missing or not valid.' })
  import(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Body() body: ImportLegacyTasksDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ImportLegacyTasksResponse> {
    return this.legacy.import(clientId, body, staff.staffId);
  }
}
