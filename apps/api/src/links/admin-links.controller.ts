import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminLinkView, PurgeResult } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { ClientsService } from '../clients/clients.service';
import { AdminLinksService } from './admin-links.service';
import { PurgeJob } from './purge.job';

@ApiTags('admin: devices and links')
@StaffOnly()
@Controller('admin')
export class AdminLinksController {
  constructor(
    private readonly links: AdminLinksService,
    private readonly clients: ClientsService,
    private readonly purgeJob: PurgeJob,
  ) {}

  @Get('clients/:clientId/links')
  @ApiOperation({
    summary: "A client's links, newest first, with their state. Tokens are never shown.",
  })
  async list(@Param('clientId', new ParseUUIDPipe()) clientId: string): Promise<AdminLinkView[]> {
    await this.clients.get(clientId);
    return this.links.list(clientId);
  }

  @Post('clients/:clientId/links/:linkId/revoke')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Withdraw a link: it stops working and the access it gave ends at once.',
  })
  @ApiNoContentResponse({ description: 'Withdrawn.' })
  @ApiNotFoundResponse({ description: 'No such link for this client.' })
  revoke(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Param('linkId', new ParseUUIDPipe()) linkId: string,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<void> {
    return this.links.revoke(clientId, linkId, staff.staffId);
  }

  @Post('maintenance/purge')
  @StaffOnly('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the purge of expired links, grants and sessions now (admins only).',
  })
  purge(): Promise<PurgeResult> {
    return this.purgeJob.purge();
  }
}
