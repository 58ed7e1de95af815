import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import type { ImportLegacyTasksRequest, LegacyTaskImport } from '@app/contracts';
import { CreateRequestItemDto } from '../../tasks/dto/create-task.dto';

const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class LegacyTaskDto implements LegacyTaskImport {
  @ApiProperty({ example: 'L-100234' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsString()
  @Matches(/^[A-Z0-9-]{3,16}$/, {
    message: 'reference must be 3 to 16 letters, digits or dashes',
  })
  reference!: string;

  @ApiProperty()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(0, 5000)
  description?: string;

  @ApiPropertyOptional({ example: '2025-12-31' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: 'dueDate must be a date like 2026-12-31',
  })
  dueDate?: string;

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

  @ApiProperty({ type: [CreateRequestItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'requests must hold at least one request' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateRequestItemDto)
  requests!: CreateRequestItemDto[];
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
