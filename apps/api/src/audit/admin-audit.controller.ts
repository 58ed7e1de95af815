import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import type { AuditEventView, Page } from '@app/contracts';
import { StaffOnly } from '../auth/decorators';
import { AuditEvent } from './audit-event.entity';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('admin: audit')
@StaffOnly()
@Controller('admin/audit')
export class AdminAuditController {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  @Get()
  @ApiOperation({ summary: 'Security events, newest first, with paging and filters.' })
  async list(@Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.clientId) where.clientId = query.clientId;
    if (query.type) where.type = query.type;
    const [rows, total] = await this.events.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: rows.map((e) => ({
        id: e.id,
        type: e.type,
        actorType: e.actorType,
        actorId: e.actorId,
        clientId: e.clientId,
        subjectId: e.subjectId,
        ip: e.ip,
        detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
        createdAt: e.createdAt.toISOString(),
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
