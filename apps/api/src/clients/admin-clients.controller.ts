import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { ClientView } from '@app/contracts';
import { StaffOnly } from '../auth/decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { ClientsService, toClientView } from './clients.service';
import { CreateClientDto } from './dto/create-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';

@ApiTags('admin: clients')
@StaffOnly()
@Controller('admin/clients')
export class AdminClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a client, known by the order email.' })
  @ApiCreatedResponse({ description: 'The client.' })
  @ApiConflictResponse({ description: 'A client with this order email exists.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is missing or not valid.' })
  async create(@Body() body: CreateClientDto): Promise<ClientView> {
    return toClientView(await this.clients.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'List clients, newest first.' })
  async list(@Query() page: PageQueryDto): Promise<{ items: ClientView[]; total: number }> {
    const [items, total] = await this.clients.list(page.limit, page.offset);
    return { items: items.map(toClientView), total };
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'One client.' })
  async get(@Param('clientId', new ParseUUIDPipe()) clientId: string): Promise<ClientView> {
    return toClientView(await this.clients.get(clientId));
  }

  @Patch(':clientId')
  @ApiOperation({
    summary: 'Edit a client: name, order email, and the date from which the portal is enabled.',
  })
  @ApiOkResponse({ description: 'The client as it now stands.' })
  @ApiConflictResponse({ description: 'Another client has this order email.' })
  @ApiUnprocessableEntityResponse({ description: 'A field is not valid.' })
  async update(
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Body() body: UpdateClientDto,
  ): Promise<ClientView> {
    return toClientView(await this.clients.update(clientId, body));
  }
}
