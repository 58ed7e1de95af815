import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CreatedIntegrationToken, IntegrationTokenView } from '@app/contracts';
import { CurrentStaff, StaffOnly } from '../auth/decorators';
import type { StaffPrincipal } from '../auth/principal';
import { CreateIntegrationTokenDto } from './dto/create-integration-token.dto';
import { IntegrationTokensService } from './integration-tokens.service';

@ApiTags('admin: integration tokens')
@StaffOnly('admin')
@Controller('admin/integration-tokens')
export class AdminIntegrationTokensController {
  constructor(private readonly tokens: IntegrationTokensService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Create a bearer token for one API integration (admins only). The token is in this answer only; it acts with the staff role for the admin who created it.',
  })
  @ApiCreatedResponse({ description: 'The token, shown once, and its record.' })
  @ApiUnprocessableEntityResponse({ description: 'The name is missing or not valid.' })
  async create(
    @Body() body: CreateIntegrationTokenDto,
    @CurrentStaff() admin: StaffPrincipal,
  ): Promise<CreatedIntegrationToken> {
    const { token, view } = await this.tokens.create(body.name, admin.staffId);
    return { ...view, token };
  }

  @Get()
  @ApiOperation({
    summary: 'Integration tokens, newest first, without their secrets (admins only).',
  })
  list(): Promise<IntegrationTokenView[]> {
    return this.tokens.list();
  }

  @Post(':tokenId/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke an integration token: its next request answers 401 (admins only).',
  })
  @ApiOkResponse({ description: 'The token record, revoked.' })
  @ApiNotFoundResponse({ description: 'integration_token_not_found' })
  revoke(
    @Param('tokenId', new ParseUUIDPipe()) tokenId: string,
    @CurrentStaff() admin: StaffPrincipal,
  ): Promise<IntegrationTokenView> {
    return this.tokens.revoke(tokenId, admin.staffId);
  }
}
