import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditEventView, Page } from '@app/contracts';
import { StaffOnly } from '../auth/decorators';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('admin: audit')
@StaffOnly()
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Security events, newest first, with paging and filters.' })
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.search(query);
  }
}
