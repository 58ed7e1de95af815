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
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type {
  CreatedWebhookView,
  Page,
  WebhookDeliveryView,
  WebhookEndpointView,
} from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { CreateWebhookDto, DeliveriesQueryDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const URL_RULES =
  'Outside tests and local development only https URLs whose host resolves to public addresses (no private, loopback, link-local or metadata address).';

@ApiTags('admin: webhooks')
@StaffOnly('admin')
@Controller('admin/webhooks')
export class AdminWebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: `Register a webhook endpoint (admins only). The signing secret is in this answer only. ${URL_RULES}`,
  })
  @ApiCreatedResponse({ description: 'The endpoint and its secret (shown once).' })
  @ApiUnprocessableEntityResponse({ description: 'A field is not valid, or the URL is refused.' })
  create(
    @Body() body: CreateWebhookDto,
    @CurrentStaff() admin: StaffPrincipal,
  ): Promise<CreatedWebhookView> {
    return this.webhooks.create(body, admin.staffId);
  }

  @Get()
  @ApiOperation({
    summary: 'Webhook endpoints, oldest first (admins only; secrets are never shown again).',
  })
  @ApiOkResponse({ description: 'The endpoints.' })
  list(): Promise<WebhookEndpointView[]> {
    return this.webhooks.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook endpoint (admins only).' })
  @ApiNotFoundResponse({ description: 'No such endpoint.' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookEndpointView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: `Change an endpoint's URL, events, description or active flag (admins only). ${URL_RULES}`,
  })
  @ApiNotFoundResponse({ description: 'No such endpoint.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is not valid, or the URL is refused.' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateWebhookDto,
    @CurrentStaff() admin: StaffPrincipal,
  ): Promise<WebhookEndpointView> {
    return this.webhooks.update(id, body, admin.staffId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an endpoint and its delivery log (admins only).' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse({ description: 'No such endpoint.' })
  async remove(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentStaff() admin: StaffPrincipal,
  ): Promise<void> {
    await this.webhooks.remove(id, admin.staffId);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary:
      "An endpoint's delivery log, newest first: status (pending, delivered, failed), attempts, last error and response code (admins only).",
  })
  @ApiNotFoundResponse({ description: 'No such endpoint.' })
  deliveries(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: DeliveriesQueryDto,
  ): Promise<Page<WebhookDeliveryView>> {
    return this.webhooks.deliveryLog(id, query);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Send a delivered or failed delivery again: same delivery id and body, a fresh signature (admins only).',
  })
  @ApiOkResponse({ description: 'The delivery, queued again.' })
  @ApiNotFoundResponse({ description: 'No such delivery for this endpoint.' })
  @ApiConflictResponse({ description: 'The delivery is still queued.' })
  replay(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('deliveryId', new ParseUUIDPipe()) deliveryId: string,
  ): Promise<WebhookDeliveryView> {
    return this.webhooks.replay(id, deliveryId);
  }
}
