import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { TaskSearchQuery, TaskStatus } from '@app/contracts';
import { OffsetField } from '../../common/dto-fields';
import { SafeText } from '../../common/text-rules';

const STATUSES = ['open', 'completed', 'cancelled', 'all'] as const;

export class SearchTasksDto implements TaskSearchQuery {
  @ApiPropertyOptional({ enum: STATUSES, default: 'all' })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status: TaskStatus | 'all' = 'all';

  @ApiPropertyOptional({ description: 'Text in the title or the reference.', maxLength: 100 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @SafeText()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    type: 'integer',
    default: 0,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  })
  @OffsetField()
  offset = 0;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
}
