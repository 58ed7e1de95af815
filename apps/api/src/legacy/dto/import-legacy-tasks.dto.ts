import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import type { ImportLegacyTasksRequest, LegacyTaskImport } from '@app/contracts';
import { CreateTaskDto } from '../../tasks/dto/create-task.dto';

/** A task sent before the portal: a task like any other, plus its reference, PIN and dates. */
export class LegacyTaskDto extends CreateTaskDto implements LegacyTaskImport {
  @ApiProperty({ example: 'L-100234' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsString()
  @Matches(/^[A-Z0-9-]{3,16}$/, {
    message: 'reference must be 3 to 16 letters, digits or dashes',
  })
  reference!: string;

  @ApiProperty({ example: '2025-06-01T09:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'sentAt must be an ISO 8601 date' })
  sentAt!: string;

  @ApiProperty({ example: '482913', description: 'The PIN the client already has; hashed.' })
  @IsString()
  @Matches(/^\d{4,12}$/, { message: 'pin must be 4 to 12 digits' })
  pin!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'completedAt must be an ISO 8601 date' })
  completedAt?: string;
}

export class ImportLegacyTasksDto implements ImportLegacyTasksRequest {
  @ApiProperty({ type: [LegacyTaskDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'tasks must hold at least one task' })
  @ArrayMaxSize(100, { message: 'tasks may hold at most 100 tasks per import' })
  @ValidateNested({ each: true })
  @Type(() => LegacyTaskDto)
  tasks!: LegacyTaskDto[];
}
