import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { InboxDue, InboxQuery, InboxView } from '@app/contracts';
import { trimmed } from '../../common/dto-fields';
import { PageQueryDto } from '../../common/page-query.dto';
import { SafeText } from '../../common/text-rules';

const INBOX_VIEWS: InboxView[] = [
  'waiting',
  'not_opened',
  'in_progress',
  'overdue',
  'needs_firm',
  'unread',
  'all',
];
const STATUSES = ['open', 'completed', 'cancelled', 'any'] as const;
const DUES: InboxDue[] = ['overdue', 'week', 'none'];

export class InboxQueryDto extends PageQueryDto implements InboxQuery {
  @ApiPropertyOptional({ enum: INBOX_VIEWS, default: 'all' })
  @IsOptional()
  @IsIn(INBOX_VIEWS, { message: `view must be one of ${INBOX_VIEWS.join(', ')}` })
  view?: InboxView;

  @ApiPropertyOptional({ enum: ['mine', 'all'], default: 'all', description: 'mine: I own it.' })
  @IsOptional()
  @IsIn(['mine', 'all'], { message: 'owner must be mine or all' })
  owner?: 'mine' | 'all';

  @ApiPropertyOptional({ enum: STATUSES, default: 'any' })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status must be open, completed, cancelled or any' })
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ enum: DUES, description: 'overdue, due within 7 days, or no due date.' })
  @IsOptional()
  @IsIn(DUES, { message: 'due must be overdue, week or none' })
  due?: InboxDue;

  @ApiPropertyOptional({ description: 'Task title or reference, client name or order email.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @MaxLength(200)
  q?: string;
}

export class ClientSummaryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Client name or order email.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @SafeText()
  @MaxLength(200)
  q?: string;
}
